package collections

import (
	"strconv"
	"strings"
)

// MaxCardFeeBps is the highest fee a shop may set: 20%, in basis points.
const MaxCardFeeBps = 2000

// CardFeeKey names the fee of a payment method in TenantSettings.CardFees:
// "pix", "debit", "credit_<installments>" (card machine or Asaas card), or
// "" for methods without a fee (cash, transfer, boleto).
func CardFeeKey(method string, installments int) string {
	switch method {
	case MethodPix:
		return "pix"
	case MethodDebitCard:
		return "debit"
	case MethodCardMachine, MethodCreditCard:
		if installments < 1 {
			installments = 1
		}
		return "credit_" + strconv.Itoa(installments)
	}
	return ""
}

// ValidCardFeeKey reports whether key is one CardFeeKey can return.
func ValidCardFeeKey(key string) bool {
	if key == "pix" || key == "debit" {
		return true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(key, "credit_"))
	return strings.HasPrefix(key, "credit_") && err == nil && n >= 1 && n <= MaxInstallments && key == "credit_"+strconv.Itoa(n)
}

// CardFee is the fee on amount centavos at bps basis points, rounded half
// up to the centavo.
func CardFee(amount int64, bps int) int64 {
	if amount <= 0 || bps <= 0 {
		return 0
	}
	return (amount*int64(bps) + 5000) / 10000
}
