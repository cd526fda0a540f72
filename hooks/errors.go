package hooks

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// ---------------------------------------------------------------------
// Portuguese for PocketBase's own messages.

// translatedMessages maps PocketBase's top-level error messages to what
// staff read.
var translatedMessages = map[string]string{
	"Failed to create record.": "Não foi possível salvar. Confira os campos destacados.",
	"Failed to update record.": "Não foi possível salvar a alteração. Confira os campos destacados.",
	"Failed to delete record. Make sure that the record is not part of a required relation reference.": "Não foi possível excluir: o registro está em uso.",
	"The requested resource wasn't found.":                         "Não encontrado.",
	"Missing collection context.":                                  "Não encontrado.",
	"Only superusers can perform this action.":                     "Somente operadores da plataforma podem fazer isso.",
	"The request requires valid record authorization token.":       "Entre com seu e-mail e senha para continuar.",
	"The authorized record is not allowed to perform this action.": "Você não tem permissão para fazer isso.",
	"Failed to authenticate.":                                      "E-mail ou senha incorretos.",
	"Something went wrong while processing your request.":          "Algo deu errado. Tente de novo em instantes.",
	"Too Many Requests.":                                           "Muitas tentativas. Aguarde um pouco e tente de novo.",
	"An error occurred while validating the submitted data.":       "Confira os campos destacados.",
	"An error occurred while loading the submitted data.":          "Não foi possível ler os dados enviados.",
	"Invalid or expired token.":                                    "Link inválido ou expirado.",
	"Invalid or expired password reset token.":                     "Link de nova senha inválido ou expirado.",
}

// translatedCodes maps validation codes to field messages. Both tables
// hold PocketBase's exact English: TestTranslatedErrorsStillExistInPocketBase
// fails when an upgrade rewords one.
var translatedCodes = map[string]string{
	"validation_required":                 "Campo obrigatório.",
	"validation_not_unique":               "Já existe um cadastro com este valor.",
	"validation_is_email":                 "E-mail inválido.",
	"validation_min_text_constraint":      "Texto curto demais.",
	"validation_max_text_constraint":      "Texto longo demais.",
	"validation_length_too_long":          "Texto longo demais.",
	"validation_length_too_short":         "Texto curto demais.",
	"validation_length_out_of_range":      "Tamanho inválido.",
	"validation_only_int_constraint":      "Use um número inteiro.",
	"validation_min_number_constraint":    "Valor abaixo do mínimo.",
	"validation_max_number_constraint":    "Valor acima do máximo.",
	"validation_invalid_value":            "Valor inválido.",
	"validation_values_mismatch":          "Opção inválida.",
	"validation_missing_rel_records":      "Registro relacionado não encontrado.",
	"validation_invalid_url":              "Endereço (URL) inválido.",
	"validation_invalid_json":             "JSON inválido.",
	"validation_json_size_limit":          "Conteúdo grande demais.",
	"validation_file_size_limit":          "Arquivo grande demais.",
	"validation_invalid_mime_type":        "Tipo de arquivo não aceito.",
	"validation_too_many_values":          "Valores demais.",
	"validation_not_in_invalid":           "Valor não permitido.",
	"validation_invalid_old_password":     "Senha atual incorreta.",
	"validation_match_invalid":            "Formato inválido.",
	"validation_invalid_format":           "Formato inválido.",
	"validation_invalid_password":         "Senha inválida.",
	"validation_email_domain_not_allowed": "Domínio de e-mail não permitido.",
}

// bindErrorTranslation turns PocketBase's English API errors into
// Portuguese on the way out, for every route. Codes stay as they are, so
// clients can still branch on them.
func bindErrorTranslation(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(func(e *core.RequestEvent) error {
			err := e.Next()
			if err == nil {
				return nil
			}
			var apiErr *router.ApiError
			if errors.As(err, &apiErr) {
				translateAPIError(apiErr)
			}
			return err
		})
		return se.Next()
	})
}

func translateAPIError(e *router.ApiError) {
	if pt, ok := translatedMessages[e.Message]; ok {
		e.Message = pt
	}
	translateData(e.Data)
}

func translateData(data map[string]any) {
	for _, v := range data {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		code, hasCode := m["code"].(string)
		msg, hasMsg := m["message"].(string)
		if hasCode && hasMsg {
			// Bancada's own codes are not in the table: their messages
			// are Portuguese already.
			if pt, ok := translatedCodes[code]; ok && msg != "" {
				m["message"] = pt
			}
			continue
		}
		translateData(m) // nested (e.g. "shop": {...})
	}
}
