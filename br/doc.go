// Package br holds the Brazilian formats every other Bancada package relies on:
// money in int64 centavos (R$), phone numbers as E.164 digits without '+',
// CPF and CNPJ (including the alphanumeric CNPJ), IMEI, dates shown in the
// tenant's time zone, and accent-insensitive text folding.
//
// Every error a shop owner or customer may read is in Brazilian Portuguese and
// can be matched with errors.Is against the exported sentinels.
package br
