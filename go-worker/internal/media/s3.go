package media

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// requestTimeout bounds one S3 call, so an endpoint that stops answering fails the activity
// with StoreUnavailable (retried) instead of holding it until its own timeout.
const requestTimeout = 2 * time.Minute

// S3Store keeps objects in S3-compatible storage (MEDIA_STORE=s3://bucket/prefix). Reads go
// through the worker's Scratch (one verified fetch per object); writes go to a scratch file
// and are uploaded when complete, so no partial object is ever visible under its key, and the
// uploaded file stays in Scratch under its sha256 for the next reader on this worker.
type S3Store struct {
	Client  *s3.Client
	Bucket  string
	Prefix  string // "" or ends with "/"
	Scratch *Scratch
}

// NewS3Store normalises prefix ("a/b" -> "a/b/").
func NewS3Store(client *s3.Client, bucket, prefix string, scratch *Scratch) *S3Store {
	prefix = strings.Trim(prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	return &S3Store{Client: client, Bucket: bucket, Prefix: prefix, Scratch: scratch}
}

func (s *S3Store) key(uri string) (string, error) {
	k, err := Key(uri)
	return s.Prefix + k, err
}

// Check reaches the bucket once; the error is one line naming what is wrong.
func (s *S3Store) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err := s.Client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(s.Bucket)})
	if err == nil {
		return nil
	}
	where := fmt.Sprintf("media store s3://%s/%s", s.Bucket, s.Prefix)
	var re interface{ HTTPStatusCode() int }
	// A request that never got an answer has status 0: the endpoint is unreachable.
	if errors.As(err, &re) && re.HTTPStatusCode() != 0 {
		switch re.HTTPStatusCode() {
		case http.StatusNotFound:
			return fmt.Errorf("%s: bucket %q does not exist", where, s.Bucket)
		case http.StatusForbidden, http.StatusUnauthorized:
			return fmt.Errorf("%s: credentials refused for bucket %q", where, s.Bucket)
		}
		return fmt.Errorf("%s: %w", where, err)
	}
	return fmt.Errorf("%s: cannot reach the endpoint: %w", where, err)
}

// Locate is the s3:// URL of an object.
func (s *S3Store) Locate(uri string) string {
	k, _ := s.key(uri)
	return "s3://" + s.Bucket + "/" + k
}

// Open fetches the object into Scratch once (named by its sha256) and verifies it.
func (s *S3Store) Open(ref gen.MediaRef) (string, error) {
	uri := string(ref.URI)
	k, err := s.key(uri)
	if err != nil {
		return "", err
	}
	return s.Scratch.Get(string(ref.Sha256), int64(ref.SizeBytes), string(ref.Sha256), func(tmp string) error {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		out, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(k)})
		if err != nil {
			return storeError(err, uri)
		}
		defer out.Body.Close()
		f, err := os.Create(tmp)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := io.Copy(f, out.Body); err != nil {
			return contracts.Wrap(gen.ErrStoreUnavailable, err, "read %s from the media store", uri)
		}
		return f.Close()
	})
}

// Create writes to a scratch file; Commit uploads it.
func (s *S3Store) Create(uri, contentType string) (Writer, error) {
	k, err := s.key(uri)
	if err != nil {
		return nil, err
	}
	id := make([]byte, 8)
	rand.Read(id)
	tmp, err := os.Create(filepath.Join(s.Scratch.Dir, ".put-"+hex.EncodeToString(id)))
	if err != nil {
		return nil, fmt.Errorf("create scratch file for %s: %w", uri, err)
	}
	return &s3Writer{store: s, uri: uri, key: k, contentType: contentType, tmp: tmp, hash: sha256.New()}, nil
}

// Put writes a whole object from a reader.
func (s *S3Store) Put(uri, contentType string, r io.Reader) (gen.MediaRef, error) {
	w, err := s.Create(uri, contentType)
	if err != nil {
		return gen.MediaRef{}, err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Abort()
		return gen.MediaRef{}, fmt.Errorf("write %s: %w", uri, err)
	}
	return w.Commit()
}

// Has asks S3 for the object's metadata.
func (s *S3Store) Has(uri string) (bool, error) {
	k, err := s.key(uri)
	if err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	_, err = s.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(k)})
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound {
		return false, nil
	}
	return err == nil, storeError(err, uri)
}

// Remove deletes one object; S3 deletes of missing keys succeed, so retries are free.
func (s *S3Store) Remove(uri string) error {
	k, err := s.key(uri)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	_, err = s.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(k)})
	return storeError(err, uri)
}

type s3Writer struct {
	store       *S3Store
	uri, key    string
	contentType string
	tmp         *os.File
	hash        hash.Hash
	size        int64
}

func (w *s3Writer) Write(p []byte) (int, error) {
	n, err := w.tmp.Write(p)
	w.hash.Write(p[:n])
	w.size += int64(n)
	return n, err
}

func (w *s3Writer) Commit() (gen.MediaRef, error) {
	defer w.Abort()
	if _, err := w.tmp.Seek(0, io.SeekStart); err != nil {
		return gen.MediaRef{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	_, err := w.store.Client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(w.store.Bucket), Key: aws.String(w.key), Body: w.tmp,
		ContentLength: aws.Int64(w.size), ContentType: aws.String(w.contentType),
	})
	if err != nil {
		return gen.MediaRef{}, storeError(err, w.uri)
	}
	digest := hex.EncodeToString(w.hash.Sum(nil))
	// Keep the bytes as this worker's verified copy: the storyboard reads the frames back.
	cached := filepath.Join(w.store.Scratch.Dir, digest)
	if _, err := os.Stat(cached); err != nil {
		os.Rename(w.tmp.Name(), cached)
	}
	return gen.MediaRef{URI: gen.MediaURI(w.uri), Sha256: gen.Sha256(digest), SizeBytes: int(w.size), ContentType: w.contentType}, nil
}

// Abort discards the scratch file; nothing was uploaded yet.
func (w *s3Writer) Abort() {
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}

// storeError maps an SDK error: a missing key is SourceUnavailable (not retried), everything
// else says the store is unwell and is StoreUnavailable (retried until it is back).
func storeError(err error, uri string) error {
	if err == nil {
		return nil
	}
	var api smithy.APIError
	if errors.As(err, &api) && (api.ErrorCode() == "NoSuchKey" || api.ErrorCode() == "NotFound") {
		return contracts.Error(gen.ErrSourceUnavailable, "%s does not exist in the media store", uri)
	}
	return contracts.Wrap(gen.ErrStoreUnavailable, err, "media store failed on %s", uri)
}
