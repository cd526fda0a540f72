package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/bancada/bancada/br"
	"github.com/bancada/bancada/collections"
	"github.com/bancada/bancada/hooks/apierr"
	"github.com/bancada/bancada/hooks/audit"
	"github.com/bancada/bancada/hooks/scope"
)

// passcodeContext binds a device passcode ciphertext to its device, so it
// cannot be copied onto another device and decrypted there.
func passcodeContext(deviceID string) string { return "device:" + deviceID + ":passcode" }

// rolesSeePasscode are who may read a device's passcode: the people who
// repair it.
var rolesSeePasscode = []collections.Role{collections.RoleOwner, collections.RoleTechnician}

// bindDevices encrypts passcodes written through the write-only passcode
// field, checks IMEIs and serves the passcode to technicians.
func bindDevices(app core.App, d Deps) {
	prepare := func(e *core.RecordEvent) error {
		r := e.Record
		if raw := strings.TrimSpace(r.GetString(collections.DeviceIMEI)); raw != "" {
			imei, err := br.ValidateIMEI(raw)
			if err != nil {
				return apierr.Field(collections.DeviceIMEI, "invalid_imei", err.Error()+". Confira no *#06# ou na etiqueta.")
			}
			r.Set(collections.DeviceIMEI, imei)
		}
		if plain := r.GetString(collections.DevicePasscode); plain != "" {
			if r.Id == "" {
				r.Id = core.GenerateDefaultRandomId() // the ciphertext is bound to it
			}
			sealed, err := d.Vault.Seal(passcodeContext(r.Id), plain)
			if err != nil {
				return err
			}
			r.Set(collections.DevicePasscodeEnc, sealed)
			r.Set(collections.DevicePasscode, "") // never stored in clear
		}
		if r.GetString(collections.DevicePasscodeEnc) == "" {
			r.Set(collections.DevicePasscodeKind, "")
		}
		r.Set(collections.DeviceHasPasscode, r.GetString(collections.DevicePasscodeEnc) != "")
		return e.Next()
	}
	app.OnRecordCreate(collections.Devices).BindFunc(prepare)
	app.OnRecordUpdate(collections.Devices).BindFunc(prepare)

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/bancada/devices/{id}/passcode", func(e *core.RequestEvent) error {
			dev, err := e.App.FindRecordById(collections.Devices, e.Request.PathValue("id"))
			if err != nil {
				return e.NotFoundError("Aparelho não encontrado.", nil)
			}
			sc, apiErr := scope.RequireStaffOfRecord(e, dev.GetString(collections.FieldTenant), rolesSeePasscode, "Aparelho não encontrado.")
			if apiErr != nil {
				return apiErr
			}
			sealed := dev.GetString(collections.DevicePasscodeEnc)
			if sealed == "" {
				return e.JSON(http.StatusOK, map[string]any{"kind": "", "passcode": ""})
			}
			plain, err := d.Vault.Open(passcodeContext(dev.Id), sealed)
			if err != nil {
				return e.InternalServerError("Não foi possível ler a senha do aparelho.", err)
			}
			if err := audit.Write(e.App, audit.Entry{
				Tenant: sc.Tenant.Id, Actor: audit.FromRequest(e), Action: collections.ActionPasscodeView,
				Collection: collections.Devices, Record: dev.Id,
			}); err != nil {
				return e.InternalServerError("", err)
			}
			e.Response.Header().Set("Cache-Control", "no-store")
			return e.JSON(http.StatusOK, map[string]any{
				"kind": dev.GetString(collections.DevicePasscodeKind), "passcode": plain,
			})
		}).Bind(apis.RequireAuth(collections.Users))
		return se.Next()
	})
}

// erasePasscode removes a device's passcode (on delivery: the shop no
// longer needs it).
func erasePasscode(app core.App, tenantID, deviceID string) error {
	dev, err := scope.Find(app, collections.Devices, tenantID, deviceID)
	if err != nil {
		return err
	}
	if dev.GetString(collections.DevicePasscodeEnc) == "" {
		return nil
	}
	dev.Set(collections.DevicePasscodeEnc, "")
	dev.Set(collections.DevicePasscode, "")
	return app.Save(dev)
}
