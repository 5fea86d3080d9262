/**
 * The "Examples" table of kubernetes.io/docs/concepts/services-networking/ingress
 * (path types), its hostname-wildcard table, and IngressClass defaulting.
 */
import { describe, expect, it } from 'vitest';
import { hostMatches, ingressClassOf, ingressesForController, resolveIngressBackend, routeIngress } from '../../src/cluster/core/network/ingress.ts';
import { allSlices, services } from './fixtures.ts';
import type { HTTPIngressPath, Ingress, IngressClass, PathType } from '../../src/cluster/core/network/ingress.ts';

function ing(name: string, paths: [PathType, string, string][], opts: Partial<{ host: string; cls: string; defaultSvc: string; annotations: Record<string, string> }> = {}): Ingress {
  const http: HTTPIngressPath[] = paths.map(([pathType, path, svc]) => ({ pathType, path, backend: { service: { name: svc, port: { number: 80 } } } }));
  return {
    metadata: { name, namespace: 'default', annotations: opts.annotations },
    spec: {
      ingressClassName: opts.cls,
      rules: [{ host: opts.host, http: { paths: http } }],
      defaultBackend: opts.defaultSvc ? { service: { name: opts.defaultSvc, port: { number: 80 } } } : undefined,
    },
  };
}

function routed(i: Ingress[], path: string, host?: string): string {
  const r = routeIngress(i, { path, host });
  return r.matched ? `${r.backend.service?.name}${r.via === 'defaultBackend' ? ' (default)' : ''}` : `404`;
}

describe('path types (docs examples table)', () => {
  const cases: [string, [PathType, string][], string, boolean][] = [
    ['Prefix /', [['Prefix', '/']], '/anything', true],
    ['Exact /foo', [['Exact', '/foo']], '/foo', true],
    ['Exact /foo vs /bar', [['Exact', '/foo']], '/bar', false],
    ['Exact /foo vs /foo/', [['Exact', '/foo']], '/foo/', false],
    ['Exact /foo/ vs /foo', [['Exact', '/foo/']], '/foo', false],
    ['Prefix /foo, /foo', [['Prefix', '/foo']], '/foo', true],
    ['Prefix /foo, /foo/', [['Prefix', '/foo']], '/foo/', true],
    ['Prefix /foo/, /foo', [['Prefix', '/foo/']], '/foo', true],
    ['Prefix /foo/, /foo/', [['Prefix', '/foo/']], '/foo/', true],
    ['Prefix /aaa/bb vs /aaa/bbb', [['Prefix', '/aaa/bb']], '/aaa/bbb', false],
    ['Prefix /aaa/bbb', [['Prefix', '/aaa/bbb']], '/aaa/bbb', true],
    ['Prefix /aaa/bbb/ ignores trailing slash', [['Prefix', '/aaa/bbb/']], '/aaa/bbb', true],
    ['Prefix /aaa/bbb matches trailing slash', [['Prefix', '/aaa/bbb']], '/aaa/bbb/', true],
    ['Prefix /aaa/bbb matches subpath', [['Prefix', '/aaa/bbb']], '/aaa/bbb/ccc', true],
    ['Prefix /aaa/bbb is not a string prefix', [['Prefix', '/aaa/bbb']], '/aaa/bbbxyz', false],
    ['Prefix /aaa vs /ccc', [['Prefix', '/aaa']], '/ccc', false],
    ['ImplementationSpecific (nginx string prefix)', [['ImplementationSpecific', '/aaa/bb']], '/aaa/bbb', true],
  ];
  it.each(cases)('%s', (_n, paths, req, want) => {
    const i = ing('x', paths.map(([t, p]) => [t, p, 'svc']));
    expect(routeIngress([i], { path: req }).matched).toBe(want);
  });

  it('longest match wins; Exact beats Prefix on a tie', () => {
    const i = ing('x', [['Prefix', '/', 'root'], ['Prefix', '/aaa', 'aaa'], ['Prefix', '/aaa/bbb', 'bbb'], ['Exact', '/foo', 'exact'], ['Prefix', '/foo', 'prefix']]);
    expect(routed([i], '/aaa/ccc')).toBe('aaa');
    expect(routed([i], '/aaa/bbb')).toBe('bbb');
    expect(routed([i], '/ccc')).toBe('root');
    expect(routed([i], '/foo')).toBe('exact');
    expect(routed([i], '/foo/x')).toBe('prefix');
    expect(routed([i], '/aaa/bbb?x=1')).toBe('bbb');
  });
});

describe('hosts', () => {
  it.each([
    ['*.foo.com', 'bar.foo.com', 'wildcard'],
    ['*.foo.com', 'baz.bar.foo.com', false],
    ['*.foo.com', 'foo.com', false],
    ['foo.bar.com', 'foo.bar.com', 'exact'],
    ['foo.bar.com', 'FOO.bar.com', 'exact'],
    ['foo.bar.com', 'bar.com', false],
  ])('%s vs %s', (rule, host, want) => expect(hostMatches(rule, host)).toBe(want));

  it('exact host rules beat wildcard beat host-less rules; port is ignored; default backend last', () => {
    const all = [
      ing('any', [['Prefix', '/', 'any']], { defaultSvc: 'fallback' }),
      ing('wild', [['Prefix', '/', 'wild']], { host: '*.example.com' }),
      ing('exact', [['Prefix', '/api', 'api']], { host: 'shop.example.com' }),
    ];
    expect(routed(all, '/api/v1', 'shop.example.com:443')).toBe('api');
    expect(routed(all, '/', 'shop.example.com')).toBe('wild');
    expect(routed(all, '/', 'blog.example.com')).toBe('wild');
    expect(routed(all, '/', 'other.org')).toBe('any');
    const noCatchAll = [ing('exact', [['Prefix', '/api', 'api']], { host: 'shop.example.com', defaultSvc: 'fallback' })];
    expect(routed(noCatchAll, '/', 'shop.example.com')).toBe('fallback (default)');
    expect(routeIngress([ing('exact', [['Exact', '/a', 'a']])], { path: '/b', host: 'h' })).toEqual({
      matched: false,
      status: 404,
      reason: 'no rule matches host "h" path "/b": default backend - 404',
    });
  });

  it('reports the ingress, host and path that matched', () => {
    const r = routeIngress([ing('web', [['Prefix', '/', 'web']], { host: 'web.example.com' })], { host: 'web.example.com', path: '/index.html' });
    expect(r).toEqual({
      matched: true,
      ingress: 'default/web',
      namespace: 'default',
      via: 'rule',
      host: 'web.example.com',
      path: '/',
      pathType: 'Prefix',
      backend: { service: { name: 'web', port: { number: 80 } } },
    });
  });
});

describe('IngressClass', () => {
  const nginx: IngressClass = { metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } };
  const traefik: IngressClass = { metadata: { name: 'traefik' }, spec: { controller: 'traefik.io/ingress-controller' } };
  it('explicit class, legacy annotation, default class', () => {
    expect(ingressClassOf(ing('a', [], { cls: 'traefik' }), [nginx, traefik])).toBe('traefik');
    expect(ingressClassOf(ing('b', [], { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }), [nginx, traefik])).toBe('traefik');
    expect(ingressClassOf(ing('c', []), [nginx, traefik])).toBe('nginx');
    expect(ingressClassOf(ing('d', []), [traefik])).toBeUndefined();
  });
  it('a controller serves only its classes', () => {
    const list = [ing('a', [], { cls: 'traefik' }), ing('c', []), ing('e', [], { cls: 'other' })];
    expect(ingressesForController(list, [nginx, traefik], 'k8s.io/ingress-nginx').map((i) => i.metadata.name)).toEqual(['c']);
  });
});

describe('upstreams (ingress-nginx sends to endpoints directly)', () => {
  const b = (name: string, port: { number?: number; name?: string }) => ({ service: { name, port } });
  it('resolves by port number or name to ready endpoints', () => {
    const r = resolveIngressBackend(b('web', { number: 80 }), 'default', services, allSlices());
    expect(r.ok && [r.service, r.servicePort, r.upstreams.map((u) => `${u.podName} ${u.ip}:${u.port}`)]).toEqual([
      'default/web', 80, ['web-1 10.244.1.3:8080', 'web-2 10.244.2.3:8080', 'web-3 10.244.3.2:8080'],
    ]);
    const named = resolveIngressBackend(b('shop', { name: 'http' }), 'default', services, allSlices());
    expect(named.ok && named.upstreams.map((u) => u.podName)).toEqual(['shop-1']);
  });
  it('503s', () => {
    expect(resolveIngressBackend(b('nope', { number: 80 }), 'default', services, allSlices())).toEqual({ ok: false, status: 503, reason: 'service "default/nope" not found' });
    expect(resolveIngressBackend(b('web', { number: 81 }), 'default', services, allSlices())).toEqual({ ok: false, status: 503, reason: 'service "default/web" does not have port 81' });
    expect(resolveIngressBackend(b('empty', { number: 80 }), 'default', services, allSlices())).toEqual({
      ok: false, status: 503, reason: 'service "default/empty" does not have any active endpoint',
    });
  });
});
