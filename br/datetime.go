package br

import (
	"time"
	// Embedded zone data, so the single binary shows tenant times correctly
	// on machines without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// DefaultTimeZone is the zone used when a tenant has none or an unknown one.
const DefaultTimeZone = "America/Sao_Paulo"

const (
	dateLayout     = "02/01/2006"
	dateTimeLayout = "02/01/2006 15:04"
)

// LoadLocation returns the named IANA time zone ("America/Manaus"), or
// America/Sao_Paulo when name is empty, unknown or "Local" (the server's zone
// means nothing to a shop).
func LoadLocation(name string) *time.Location {
	if name != "" && name != "Local" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	if loc, err := time.LoadLocation(DefaultTimeZone); err == nil {
		return loc
	}
	// Unreachable with the embedded tzdata; Brazil has had no DST since 2019.
	return time.FixedZone("-03", -3*60*60)
}

// FormatDate formats t as "DD/MM/AAAA" in loc (America/Sao_Paulo when nil).
func FormatDate(t time.Time, loc *time.Location) string {
	return t.In(displayLocation(loc)).Format(dateLayout)
}

// FormatDateTime formats t as "DD/MM/AAAA HH:MM" in loc (America/Sao_Paulo when nil).
func FormatDateTime(t time.Time, loc *time.Location) string {
	return t.In(displayLocation(loc)).Format(dateTimeLayout)
}

func displayLocation(loc *time.Location) *time.Location {
	if loc == nil {
		return LoadLocation("")
	}
	return loc
}
