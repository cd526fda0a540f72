package msgtemplate

// Text describes one editable message: its stable key, a Portuguese label
// for the staff app, its default wording and the placeholders it may use.
type Text struct {
	Key     string   `json:"key"`
	Group   string   `json:"group"`
	Label   string   `json:"label"`
	Default string   `json:"default"`
	Vars    []string `json:"vars"`
}

// Catalog returns every editable text, grouped and in display order. Add a
// new group by writing a function like botTexts in its own file and
// appending it here.
func Catalog() []Text {
	return append(append(append(botTexts(), noticeTexts()...), receiptTexts()...), orderTexts()...)
}

// Default returns the default wording for key, or "" when key is unknown.
func Default(key string) string {
	for _, t := range Catalog() {
		if t.Key == key {
			return t.Default
		}
	}
	return ""
}

// Defaults returns a fresh map of every key to its default wording.
func Defaults() map[string]string {
	cat := Catalog()
	m := make(map[string]string, len(cat))
	for _, t := range cat {
		m[t.Key] = t.Default
	}
	return m
}

// Lookup returns the Text for key and whether it exists.
func Lookup(key string) (Text, bool) {
	for _, t := range Catalog() {
		if t.Key == key {
			return t, true
		}
	}
	return Text{}, false
}
