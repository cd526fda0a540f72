package evolution

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// flexStr decodes a JSON string, number or boolean as a string; null is "".
type flexStr string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexStr) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*f = ""
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexStr(s)
		return nil
	}
	*f = flexStr(b)
	return nil
}

// flexInt decodes a JSON number or numeric string as an int64; null is 0.
type flexInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexInt) UnmarshalJSON(b []byte) error {
	var s flexStr
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if s == "" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		return err
	}
	*f = flexInt(n)
	return nil
}

// flexTime decodes the timestamps Evolution and Baileys produce: Unix
// seconds as a number or a numeric string, protobuf Long objects
// {"low","high","unsigned"}, or an ISO-8601 string. Anything else, and
// null, decode as the zero time. The result is UTC.
type flexTime time.Time

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexTime) UnmarshalJSON(b []byte) error {
	*f = flexTime(parseFlexTime(b))
	return nil
}

func parseFlexTime(b []byte) time.Time {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return time.Time{}
	}
	switch b[0] {
	case '{':
		var l struct {
			Low  int64 `json:"low"`
			High int64 `json:"high"`
		}
		if json.Unmarshal(b, &l) != nil {
			return time.Time{}
		}
		return unixish(l.High<<32 | (l.Low & 0xffffffff))
	case '"':
		var s string
		if json.Unmarshal(b, &s) != nil {
			return time.Time{}
		}
		return parseTimeString(s)
	}
	n, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return time.Time{}
	}
	return unixish(int64(n))
}

// unixish converts Unix seconds, or milliseconds when the value is too
// large to be seconds, to UTC.
func unixish(n int64) time.Time {
	if n <= 0 {
		return time.Time{}
	}
	if n > 1e11 {
		return time.UnixMilli(n).UTC()
	}
	return time.Unix(n, 0).UTC()
}

func parseTimeString(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return unixish(n)
	}
	for _, l := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
