// The S3 store (MEDIA_STORE=s3://bucket/prefix) through @aws-sdk/client-s3. Connection settings
// are the SDK's own (AWS_ENDPOINT_URL[_S3], AWS_REGION, credentials, profiles); with an endpoint
// set, addressing is path-style, which S3-compatible servers expect. A PUT is atomic: the
// object is visible whole once S3 answers, never in part.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { appFailure } from "../contracts/errors";
import { ErrorType } from "../contracts/gen/registry";
import { type Content, type MediaStore, mediaKey } from "./store";

export class S3Store implements MediaStore {
  readonly prefix: string;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    prefix: string,
  ) {
    const trimmed = prefix.replace(/^\/+|\/+$/g, "");
    this.prefix = trimmed ? `${trimmed}/` : "";
  }

  /** A client from the AWS variables of `env`; what they leave out, the SDK's chain finds. */
  static fromEnv(bucket: string, prefix: string, env: NodeJS.ProcessEnv = process.env): S3Store {
    const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
    const client = new S3Client({
      endpoint,
      // The SDK wants a region; S3-compatible servers accept any.
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
      // S3-compatible servers (an endpoint is set) want path-style addressing.
      forcePathStyle: endpoint !== undefined,
      credentials:
        accessKeyId && secretAccessKey
          ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined }
          : undefined,
      maxAttempts: 3,
    });
    return new S3Store(client, bucket, prefix);
  }

  private key(uri: string): string {
    return this.prefix + mediaKey(uri);
  }

  async has(uri: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(uri) }));
      return true;
    } catch (err) {
      if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404) return false;
      throw storeError(err, uri);
    }
  }

  async put(uri: string, content: Content): Promise<void> {
    const key = this.key(uri);
    const body =
      content instanceof Uint8Array
        ? { Body: content, ContentLength: content.byteLength }
        : { Body: createReadStream(content.path), ContentLength: (await stat(content.path)).size };
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, ...body }));
    } catch (err) {
      throw storeError(err, uri);
    }
  }

  /** A GET of `uri` with the request's Range and validators: the status and headers to answer
   * with (200, 206, 304, 416), or undefined when there is no such object. */
  async get(uri: string, conditions: GetConditions = {}): Promise<GetAnswer | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.key(uri),
          Range: conditions.range,
          IfNoneMatch: conditions.ifNoneMatch,
          IfModifiedSince: conditions.ifModifiedSince ? new Date(conditions.ifModifiedSince) : undefined,
        }),
      );
      return {
        status: out.ContentRange ? 206 : 200,
        headers: {
          "Content-Type": out.ContentType,
          "Content-Length": out.ContentLength,
          "Content-Range": out.ContentRange,
          ETag: out.ETag,
          "Last-Modified": out.LastModified?.toUTCString(),
        },
        body: out.Body instanceof Readable ? out.Body : undefined,
      };
    } catch (err) {
      const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
      if (status === 404) return undefined;
      if (status === 304 || status === 416) return { status, headers: {} };
      throw storeError(err, uri);
    }
  }

  locate(uri: string): Promise<string> {
    return Promise.resolve(`s3://${this.bucket}/${this.key(uri)}`);
  }
}

export interface GetConditions {
  range?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

export interface GetAnswer {
  status: number;
  headers: Record<string, string | number | undefined>;
  body?: Readable;
}

/** Anything but a missing key says the store is unwell: StoreUnavailable, retried. */
function storeError(err: unknown, uri: string): Error {
  const why = err instanceof Error ? err.message : String(err);
  return appFailure(ErrorType.StoreUnavailable, `media store failed on ${uri}: ${why}`);
}
