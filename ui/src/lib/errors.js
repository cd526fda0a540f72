// Turning API errors into Portuguese a shop attendant can act on.

const FIELD_CODES = {
  validation_required: 'Campo obrigatório.',
  validation_not_unique: 'Já existe um cadastro com este valor.',
  validation_invalid_email: 'E-mail inválido.',
  validation_is_email: 'E-mail inválido.',
  validation_length_out_of_range: 'Tamanho fora do permitido.',
  validation_length_too_long: 'Texto longo demais.',
  validation_max_less_equal_than_required: 'Valor acima do permitido.',
  validation_min_greater_equal_than_required: 'Valor abaixo do permitido.',
  validation_invalid_value: 'Valor inválido.',
  validation_values_mismatch: 'Os valores não conferem.',
  validation_missing_rel_records: 'Registro relacionado não encontrado.',
  validation_invalid_mime_type: 'Tipo de arquivo não aceito.',
  validation_file_size_limit: 'Arquivo grande demais.',
  validation_not_a_number: 'Informe um número.',
  validation_not_an_integer: 'Informe um número inteiro.',
};

/** isNetworkError reports whether the request never reached the server. */
export function isNetworkError(err) {
  return !!err && err.status === 0 && !err.isAbort;
}

/** isUnavailable reports whether a route is missing or disabled (404, 405, 501, 503). */
export function isUnavailable(err) {
  return !!err && [404, 405, 501, 503].includes(err.status);
}

/**
 * fieldErrors maps each invalid field of a PocketBase 400 response to a
 * Portuguese message. Messages written by Bancada (already Portuguese) are
 * kept; PocketBase's English defaults are translated by their code.
 */
export function fieldErrors(err) {
  const out = {};
  const data = err?.response?.data ?? err?.data?.data ?? {};
  for (const [field, v] of Object.entries(data)) {
    if (!v || typeof v !== 'object') continue;
    if (v.code === undefined && v.message === undefined) {
      // Nested per-key errors (data.settings.warranty_days): the keys are
      // the form's fields.
      for (const [k, m] of Object.entries(fieldErrors({ data: { data: v } }))) out[k] ??= m;
      continue;
    }
    const msg = v.message ?? '';
    const english = /^[\x00-\x7F]*$/.test(msg) && /\b(the|must|cannot|be|is|value|invalid)\b/i.test(msg);
    out[field] = (!english && msg) || FIELD_CODES[v.code] || msg || 'Valor inválido.';
  }
  return out;
}

// GENERIC_400 is the top-level message of a 400 whose details are per field
// (apierr.CheckFields and its variants).
const GENERIC_400 = /confira os (campos|dados) destacados/i;

/** errorMessage says in Portuguese what went wrong and what to do. */
export function errorMessage(err, fallback = 'Não foi possível concluir.') {
  if (!err) return fallback;
  if (isNetworkError(err)) return 'Sem conexão com o servidor. Verifique a internet e tente de novo; seus dados continuam aqui.';
  const status = err.status;
  const msg = err?.response?.message ?? '';
  const portuguese = msg && !/^[\x00-\x7F]*$/.test(msg) || /\b(não|nao|inválid|loja|OS|cliente|senha)\b/i.test(msg);
  const fields = fieldErrors(err);
  const first = Object.values(fields)[0];
  switch (status) {
    case 400:
      // "Confira os campos destacados" only helps where fields are
      // highlighted; a toast or a screen without those fields must say what
      // the server said about each one.
      if (first && (!portuguese || GENERIC_400.test(msg))) return [...new Set(Object.values(fields))].join(' ');
      return portuguese ? msg : first || 'Confira os dados destacados.';
    case 401:
      return 'Sua sessão expirou. Entre de novo.';
    case 403:
      return portuguese ? msg : 'Você não tem permissão para isso. Fale com quem é titular da loja.';
    case 404:
      return portuguese ? msg : 'Não encontrado. Pode ter sido apagado, ou pertence a outra loja.';
    case 429:
      return 'Muitas tentativas seguidas. Aguarde um minuto e tente de novo.';
    default:
      if (status >= 500) return 'O servidor teve um problema. Tente de novo em instantes.';
  }
  return portuguese ? msg : fallback;
}
