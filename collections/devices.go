package collections

import (
	"github.com/pocketbase/pocketbase/core"
)

// Device fields.
const (
	DeviceTenant         = FieldTenant
	DeviceCustomer       = "customer"
	DeviceType           = "type"
	DeviceBrand          = "brand"
	DeviceModel          = "model"
	DeviceIMEI           = "imei"
	DeviceSerial         = "serial"
	DeviceColor          = "color"
	DeviceAccessories    = "accessories"
	DeviceCondition      = "condition"
	DeviceConditionNotes = "condition_notes"
	DevicePhotos         = "photos"
	// DevicePasscode is write-only: a hook encrypts what is written into
	// DevicePasscodeEnc and stores an empty value here.
	DevicePasscode     = "passcode"
	DevicePasscodeEnc  = "passcode_enc"
	DevicePasscodeKind = "passcode_kind"
	DeviceHasPasscode  = "has_passcode"
)

// DeviceKind is the type of a device.
type DeviceKind string

// Device types.
const (
	DevicePhone    DeviceKind = "phone"
	DeviceTablet   DeviceKind = "tablet"
	DeviceComputer DeviceKind = "computer"
	DeviceConsole  DeviceKind = "console"
	DeviceOther    DeviceKind = "other"
)

// DeviceKinds lists every device type.
var DeviceKinds = []DeviceKind{DevicePhone, DeviceTablet, DeviceComputer, DeviceConsole, DeviceOther}

// Label is the device type in Brazilian Portuguese.
func (k DeviceKind) Label() string {
	switch k {
	case DevicePhone:
		return "celular"
	case DeviceTablet:
		return "tablet"
	case DeviceComputer:
		return "computador"
	case DeviceConsole:
		return "videogame"
	}
	return "outro"
}

// Passcode kinds.
const (
	PasscodePIN      = "pin"
	PasscodePassword = "password"
	PasscodePattern  = "pattern"
)

func defineDevices(app core.App, c *core.Collection) error {
	tenantsID, err := idOf(app, Tenants)
	if err != nil {
		return err
	}
	customersID, err := idOf(app, Customers)
	if err != nil {
		return err
	}
	c.Fields.Add(
		tenantField(tenantsID),
		&core.RelationField{Name: DeviceCustomer, CollectionId: customersID, Required: true, MaxSelect: 1},
		selectOne(DeviceType, true, stringsOf(DeviceKinds)...),
		&core.TextField{Name: DeviceBrand, Max: 60, Presentable: true},
		&core.TextField{Name: DeviceModel, Max: 120, Presentable: true},
		text(DeviceIMEI, 20),
		text(DeviceSerial, 60),
		text(DeviceColor, 40),
		jsonField(DeviceAccessories, 8<<10),
		jsonField(DeviceCondition, 8<<10),
		text(DeviceConditionNotes, 2000),
		&core.FileField{Name: DevicePhotos, MaxSelect: 10, MaxSize: 8 << 20, Protected: true,
			MimeTypes: []string{"image/jpeg", "image/png", "image/webp", "image/heic"}, Thumbs: []string{"320x240"}},
		text(DevicePasscode, 200),
		&core.TextField{Name: DevicePasscodeEnc, Hidden: true, Max: 1000},
		selectOne(DevicePasscodeKind, false, PasscodePIN, PasscodePassword, PasscodePattern),
		&core.BoolField{Name: DeviceHasPasscode},
	)
	c.Fields.Add(timestamps()...)
	c.AddIndex("idx_devices_tenant_customer", false, "tenant, customer", "")
	c.AddIndex("idx_devices_tenant_created", false, "tenant, created", "")
	c.AddIndex("idx_devices_tenant_imei", false, "tenant, imei", "imei != ''")
	access{
		read: RolesAll, create: RolesAll, update: RolesAll, delete: RolesAdmin,
		relations: []relation{{field: DeviceCustomer}},
	}.applyTo(c)
	return nil
}

// Device is a typed proxy of a devices record: a phone, tablet, computer
// or console a customer brought in.
type Device struct{ core.BaseRecordProxy }

// AsDevice wraps a devices record.
func AsDevice(r *core.Record) *Device {
	d := &Device{}
	d.SetProxyRecord(r)
	return d
}

// NewDevice returns an unsaved device of the tenant's customer.
func NewDevice(app core.App, tenantID, customerID string) (*Device, error) {
	c, err := app.FindCachedCollectionByNameOrId(Devices)
	if err != nil {
		return nil, err
	}
	d := AsDevice(core.NewRecord(c))
	d.Set(DeviceTenant, tenantID)
	d.Set(DeviceCustomer, customerID)
	return d, nil
}

// Tenant is the shop's id.
func (d *Device) Tenant() string { return d.GetString(DeviceTenant) }

// Customer is the owner's customer id.
func (d *Device) Customer() string { return d.GetString(DeviceCustomer) }

// Kind is the device type.
func (d *Device) Kind() DeviceKind { return DeviceKind(d.GetString(DeviceType)) }

// SetKind sets the device type.
func (d *Device) SetKind(v DeviceKind) { d.Set(DeviceType, string(v)) }

// Brand is the maker, e.g. "Apple".
func (d *Device) Brand() string { return d.GetString(DeviceBrand) }

// SetBrand sets the maker.
func (d *Device) SetBrand(v string) { d.Set(DeviceBrand, v) }

// Model is the model, e.g. "iPhone 11".
func (d *Device) Model() string { return d.GetString(DeviceModel) }

// SetModel sets the model.
func (d *Device) SetModel(v string) { d.Set(DeviceModel, v) }

// IMEI is the phone's IMEI, if any.
func (d *Device) IMEI() string { return d.GetString(DeviceIMEI) }

// SetIMEI sets the IMEI.
func (d *Device) SetIMEI(v string) { d.Set(DeviceIMEI, v) }

// Label is how people name the device: "Apple iPhone 11" or the type.
func (d *Device) Label() string {
	switch {
	case d.Brand() != "" && d.Model() != "":
		if containsFold(d.Model(), d.Brand()) {
			return d.Model()
		}
		return d.Brand() + " " + d.Model()
	case d.Model() != "":
		return d.Model()
	case d.Brand() != "":
		return d.Kind().Label() + " " + d.Brand()
	}
	return d.Kind().Label()
}

// SetPasscode stores a passcode to be encrypted by the devices hook.
func (d *Device) SetPasscode(kind, v string) {
	d.Set(DevicePasscodeKind, kind)
	d.Set(DevicePasscode, v)
}

// HasPasscode reports whether an encrypted passcode is stored.
func (d *Device) HasPasscode() bool { return d.GetBool(DeviceHasPasscode) }
