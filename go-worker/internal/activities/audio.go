package activities

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"sync/atomic"
	"time"

	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/ffmpeg"
	"polyglot-media/go-worker/internal/media"
)

// AudioRate is the sample rate of the stored PCM: what the voice activity model expects.
const AudioRate = 16000

// ExtractAudio decodes the first audio stream once: one branch becomes 16 kHz mono 16-bit
// PCM (counted always, stored as WAV when asked), the other goes through ebur128 and
// silencedetect at the source rate and channel layout, as EBU R128 requires.
func (a *Activities) ExtractAudio(ctx context.Context, in *gen.ExtractAudioInput) (*gen.ExtractAudioOutput, error) {
	path, err := a.Store.Open(in.Video)
	if err != nil {
		return nil, err
	}
	// The PCM is spooled to a scratch file first: a WAV header needs the data size up front.
	spool, err := os.CreateTemp("", "extract-audio-*.pcm")
	if err != nil {
		return nil, fmt.Errorf("scratch file for audio: %w", err)
	}
	defer os.Remove(spool.Name())
	defer spool.Close()

	var written atomic.Int64
	stop := tick(ctx, heartbeatEvery, func() { heartbeat(ctx, written.Load()) })
	meter := newLoudnessParser()
	job := ffmpeg.Job{
		Args: audioArgs(path, in),
		Stdout: func(r io.Reader) error {
			w := bufio.NewWriterSize(spool, 1<<16)
			_, err := io.Copy(w, countingReader{r, &written})
			if err == nil {
				err = w.Flush()
			}
			return err
		},
		Stderr: meter.line,
	}
	err = a.FF.RunFFmpeg(ctx, job)
	stop()
	if err != nil {
		return nil, ffmpeg.Classify(err, "extract audio of "+string(in.Video.URI))
	}
	samples := written.Load() / 2
	duration := math.Round(float64(samples)/AudioRate*1000) / 1000
	out := &gen.ExtractAudioOutput{DurationSeconds: duration, Silences: []gen.TimeRange{}}
	if in.Loudness {
		l := meter.result()
		out.Loudness = &l
		out.Silences = meter.silences(duration)
	}
	if in.Pcm {
		ref, err := a.storeWAV(media.Join(string(in.OutputPrefix), "audio.wav"), spool, samples)
		if err != nil {
			return nil, err
		}
		out.Audio = &ref
	}
	return out, nil
}

func audioArgs(path string, in *gen.ExtractAudioInput) []string {
	pcm := fmt.Sprintf("aresample=%d,aformat=sample_fmts=s16:channel_layouts=mono", AudioRate)
	graph := "[0:a:0]" + pcm + "[pcm]"
	if in.Loudness {
		noise, least := in.SilenceNoiseDb, in.SilenceMinSeconds
		// framelog=verbose keeps the 10 Hz momentary lines out of the info log; the summary
		// (printed at the end, at info) is what is parsed.
		graph = fmt.Sprintf("[0:a:0]asplit=2[m][p];[m]ebur128=peak=true:framelog=verbose,"+
			"silencedetect=noise=%gdB:duration=%g,anullsink;[p]%s[pcm]", noise, least, pcm)
	}
	args := append(ffmpeg.Common(), ffmpeg.Input(path)...)
	return append(args, "-filter_complex", graph, "-map", "[pcm]", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1")
}

// storeWAV writes a canonical 44-byte WAV header and the spooled PCM into the store.
func (a *Activities) storeWAV(uri string, spool *os.File, samples int64) (gen.MediaRef, error) {
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return gen.MediaRef{}, err
	}
	w, err := a.Store.Create(uri, "audio/wav")
	if err != nil {
		return gen.MediaRef{}, err
	}
	if _, err := w.Write(wavHeader(samples)); err == nil {
		_, err = io.Copy(w, spool)
	}
	if err != nil {
		w.Abort()
		return gen.MediaRef{}, fmt.Errorf("write %s: %w", uri, err)
	}
	return w.Commit()
}

func wavHeader(samples int64) []byte {
	data := uint32(samples * 2)
	h := make([]byte, 0, 44)
	le32 := func(v uint32) { h = append(h, byte(v), byte(v>>8), byte(v>>16), byte(v>>24)) }
	le16 := func(v uint16) { h = append(h, byte(v), byte(v>>8)) }
	h = append(h, "RIFF"...)
	le32(36 + data)
	h = append(h, "WAVEfmt "...)
	le32(16)
	le16(1) // PCM
	le16(1) // mono
	le32(AudioRate)
	le32(AudioRate * 2)
	le16(2)
	le16(16)
	h = append(h, "data"...)
	le32(data)
	return h
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// tick calls f every `every` until stopped.
func tick(ctx context.Context, every time.Duration, f func()) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				f()
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() { close(done) }
}
