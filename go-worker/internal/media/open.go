package media

import (
	"context"
	"fmt"
	"net/url"
	"os"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Settings choose and size the store (docs/conventions.md).
type Settings struct {
	Spec            string // MEDIA_STORE: file:///path or s3://bucket/prefix
	Scratch         string // MEDIA_SCRATCH
	ScratchMaxBytes int64  // MEDIA_SCRATCH_MAX_BYTES
}

// Open builds the store MEDIA_STORE names. S3 connection settings are the SDK's own
// (AWS_ENDPOINT_URL[_S3], AWS_REGION, credentials, profiles); with an endpoint set the
// addressing is path-style, which S3-compatible servers expect.
func Open(ctx context.Context, s Settings) (Store, error) {
	u, err := url.Parse(s.Spec)
	if err != nil {
		return nil, fmt.Errorf("MEDIA_STORE=%q: %w", s.Spec, err)
	}
	switch u.Scheme {
	case "file":
		if (u.Host != "" && u.Host != "localhost") || u.Path == "" {
			return nil, fmt.Errorf("MEDIA_STORE=%q: want file:///absolute/path", s.Spec)
		}
		return New(u.Path)
	case "s3":
		if u.Host == "" {
			return nil, fmt.Errorf("MEDIA_STORE=%q: want s3://bucket/prefix", s.Spec)
		}
		cfg, err := awsconfig.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("AWS configuration: %w", err)
		}
		if cfg.Region == "" {
			cfg.Region = "us-east-1" // S3-compatible servers accept any region; the SDK needs one
		}
		custom := os.Getenv("AWS_ENDPOINT_URL_S3") != "" || os.Getenv("AWS_ENDPOINT_URL") != ""
		client := s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.UsePathStyle = custom
			o.RetryMaxAttempts = 3
		})
		scratch, err := NewScratch(s.Scratch, s.ScratchMaxBytes)
		if err != nil {
			return nil, err
		}
		return NewS3Store(client, u.Host, u.Path, scratch), nil
	}
	return nil, fmt.Errorf("MEDIA_STORE=%q: unknown scheme, want file:///path or s3://bucket/prefix", s.Spec)
}
