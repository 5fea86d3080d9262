/**
 * Image sizes (compressed, linux/amd64, rounded) for pull-time estimates and
 * the scheduler's ImageLocality score. Unknown images count as 50 MB.
 */
const MiB = 1024 * 1024;

const SIZES: [prefix: string, mib: number][] = [
  ['nginx', 70],
  ['redis', 45],
  ['busybox', 2],
  ['alpine', 4],
  ['registry.k8s.io/pause', 1],
  ['httpd', 58],
  ['postgres', 150],
  ['mysql', 160],
  ['python', 380],
  ['node', 380],
  ['gcr.io/google-samples/gb-frontend', 130],
  ['gcr.io/google_samples/gb-frontend', 130],
  ['us-docker.pkg.dev/google-samples/containers/gke/gb-frontend', 130],
  ['us-central1-docker.pkg.dev/google-samples/microservices-demo', 30],
  ['gcr.io/google-samples/microservices-demo', 30],
  ['registry.k8s.io/guestbook', 10],
];

export function imageSize(image: string): number {
  const bare = image.split('@')[0]!;
  const name = bare.lastIndexOf(':') > bare.lastIndexOf('/') ? bare.slice(0, bare.lastIndexOf(':')) : bare;
  for (const [p, mib] of SIZES) if (name === p || name.startsWith(`${p}/`) || name.startsWith(`${p}`)) return mib * MiB;
  return 50 * MiB;
}

/** `nginx` → `nginx:latest` (the name the runtime reports), digests untouched. */
export function normalizeImage(image: string): string {
  if (image.includes('@')) return image;
  const last = image.slice(image.lastIndexOf('/') + 1);
  return last.includes(':') ? image : `${image}:latest`;
}
