// Svelte compiler options for the staff app (defaults: runes mode is inferred).
export default {};
