// A small S3 stand-in over HTTP, enough to drive the real AWS SDK and lib-storage's Upload
// end to end: path-style PutObject, multipart upload (create, part, complete, abort, list
// uploads, list parts), GetObject with Range, DeleteObject, DeleteObjects and ListObjectsV2
// with pagination. Objects and uploads carry times tests may move back (stale uploads).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ArtifactStore, s3ClientConfigFromEnv } from '../../lib/storage/s3-store.ts';

export type StoredS3Object = { body: Buffer; modified: Date };
export type S3Upload = { key: string; parts: Map<number, Buffer>; initiated: Date };

export type S3StandIn = {
  /** A store on bucket `bkt` under the given prefix, speaking to this stand-in. */
  store: S3ArtifactStore;
  objects: Map<string, StoredS3Object>;
  uploads: Map<string, S3Upload>;
  /** One line per request: 'METHOD kind'. */
  requests: string[];
  close(): Promise<void>;
};

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const unescapeXml = (text: string) =>
  text.replace(/&#(\d+);|&(lt|gt|amp|apos|quot);/g, (_, code: string, name: string) =>
    code ? String.fromCharCode(Number(code)) : ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' } as Record<string, string>)[name],
  );

export async function startS3StandIn(prefix = 'cairn'): Promise<S3StandIn> {
  const objects = new Map<string, StoredS3Object>();
  const uploads = new Map<string, S3Upload>();
  const requests: string[] = [];
  let uploadSequence = 0;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const q = url.searchParams;
    const kind = q.has('uploads') ? (req.method === 'GET' ? 'list-uploads' : 'create') : q.has('partNumber') ? 'part' : q.has('uploadId') ? (req.method === 'GET' ? 'list-parts' : 'complete/abort') : q.has('delete') ? 'delete-many' : q.get('list-type') === '2' ? 'list' : 'object';
    requests.push(`${req.method} ${kind}`);
    const xml = (status: number, text: string) => res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>${text}`);
    if (bucket !== 'bkt') return xml(404, '<Error><Code>NoSuchBucket</Code></Error>');

    if (req.method === 'GET' && kind === 'list') {
      const listPrefix = q.get('prefix') ?? '';
      const maxKeys = Number(q.get('max-keys') ?? 1000);
      const start = Number(q.get('continuation-token') ?? 0);
      const keys = [...objects.keys()].filter((k) => k.startsWith(listPrefix)).sort();
      const page = keys.slice(start, start + maxKeys);
      const truncated = start + maxKeys < keys.length;
      const contents = page
        .map((k) => `<Contents><Key>${escapeXml(k)}</Key><LastModified>${objects.get(k)!.modified.toISOString()}</LastModified><Size>${objects.get(k)!.body.length}</Size></Contents>`)
        .join('');
      return xml(200, `<ListBucketResult><Name>bkt</Name><Prefix>${escapeXml(listPrefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${start + maxKeys}</NextContinuationToken>` : ''}</ListBucketResult>`);
    }
    if (req.method === 'POST' && kind === 'delete-many') {
      const deleted = [...body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => unescapeXml(m[1]));
      for (const k of deleted) objects.delete(k);
      return xml(200, `<DeleteResult>${deleted.map((k) => `<Deleted><Key>${escapeXml(k)}</Key></Deleted>`).join('')}</DeleteResult>`);
    }
    if (req.method === 'GET' && kind === 'list-uploads') {
      const listPrefix = q.get('prefix') ?? '';
      const list = [...uploads.entries()].filter(([, u]) => u.key.startsWith(listPrefix));
      return xml(200, `<ListMultipartUploadsResult><Bucket>bkt</Bucket><IsTruncated>false</IsTruncated>${list.map(([id, u]) => `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`).join('')}</ListMultipartUploadsResult>`);
    }
    if (req.method === 'GET' && kind === 'list-parts') {
      const upload = uploads.get(q.get('uploadId')!);
      if (!upload) return xml(404, '<Error><Code>NoSuchUpload</Code></Error>');
      const parts = [...upload.parts.entries()].sort((a, b) => a[0] - b[0]);
      return xml(200, `<ListPartsResult><Bucket>bkt</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${q.get('uploadId')}</UploadId><IsTruncated>false</IsTruncated>${parts.map(([n, p]) => `<Part><PartNumber>${n}</PartNumber><Size>${p.length}</Size><ETag>"p${n}"</ETag></Part>`).join('')}</ListPartsResult>`);
    }
    if (req.method === 'POST' && kind === 'create') {
      const id = `u${++uploadSequence}`;
      uploads.set(id, { key, parts: new Map(), initiated: new Date() });
      return xml(200, `<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>${escapeXml(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
    }
    if (req.method === 'PUT' && kind === 'part') {
      uploads.get(q.get('uploadId')!)!.parts.set(Number(q.get('partNumber')), body);
      return res.writeHead(200, { etag: `"p${q.get('partNumber')}"` }).end();
    }
    if (req.method === 'POST' && q.has('uploadId')) {
      const upload = uploads.get(q.get('uploadId')!)!;
      const whole = Buffer.concat([...upload.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, part]) => part));
      objects.set(upload.key, { body: whole, modified: new Date() });
      uploads.delete(q.get('uploadId')!);
      return xml(200, `<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>${escapeXml(key)}</Key><ETag>"x"</ETag></CompleteMultipartUploadResult>`);
    }
    if (req.method === 'DELETE' && q.has('uploadId')) {
      uploads.delete(q.get('uploadId')!);
      return res.writeHead(204).end();
    }
    if (req.method === 'PUT') {
      const source = req.headers['x-amz-copy-source'];
      if (typeof source === 'string') {
        const sourceKey = decodeURIComponent(source).replace(/^\/?bkt\//, '');
        const copied = objects.get(sourceKey);
        if (!copied) return xml(404, '<Error><Code>NoSuchKey</Code></Error>');
        objects.set(key, { body: copied.body, modified: new Date() });
        return xml(200, `<CopyObjectResult><ETag>"x"</ETag><LastModified>${new Date().toISOString()}</LastModified></CopyObjectResult>`);
      }
      objects.set(key, { body, modified: new Date() });
      return res.writeHead(200, { etag: '"x"' }).end();
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      return res.writeHead(204).end();
    }
    if (req.method === 'GET') {
      const object = objects.get(key)?.body;
      if (!object) return xml(404, '<Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (range) {
        const [start, end] = [Number(range[1]), Number(range[2])];
        return res
          .writeHead(206, { 'content-range': `bytes ${start}-${end}/${object.length}`, 'content-length': end - start + 1 })
          .end(object.subarray(start, end + 1));
      }
      return res.writeHead(200, { 'content-length': object.length }).end(object);
    }
    return xml(400, '<Error><Code>NotImplemented</Code></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const port = (server.address() as AddressInfo).port;
  const client = new S3Client({
    ...s3ClientConfigFromEnv({ AWS_ENDPOINT_URL_S3: `http://localhost:${port}`, CAIRN_S3_FORCE_PATH_STYLE: 'true' }),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    store: new S3ArtifactStore({ bucket: 'bkt', prefix }, client),
    objects,
    uploads,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
