package replica

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
)

// dropCABundle deals with AWS_CA_BUNDLE (path), which makes the AWS SDK
// refuse the HTTP client Litestream gives it ("unable to load custom CA
// bundle"). A bundle whose every certificate the system already trusts
// (the usual case: it points at the system's own bundle) adds nothing:
// it is unset for this process. Any other is refused with ErrCABundle,
// which says what to do.
func dropCABundle(path string) error {
	if path == "" {
		return nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("replica: AWS_CA_BUNDLE: %w", err)
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrCABundle, err)
	}
	for rest := raw; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return fmt.Errorf("%w (%v)", ErrCABundle, err)
		}
		_, err = cert.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: cert.NotBefore.Add(1),
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
		if err != nil {
			return fmt.Errorf("%w (%s)", ErrCABundle, cert.Subject)
		}
	}
	if err := os.Unsetenv("AWS_CA_BUNDLE"); err != nil {
		return fmt.Errorf("replica: unset AWS_CA_BUNDLE: %w", err)
	}
	return nil
}
