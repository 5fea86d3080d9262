/**
 * Allocation rules after pkg/registry/core/service/ipallocator (static/dynamic
 * bands, error texts in bitmap_test.go / storage_test.go), portallocator and
 * the host-local CNI IPAM plugin (sequential, gateway .1).
 */
import { describe, expect, it } from 'vitest';
import { cidrContains, compareIPs, intToIp, ipToInt, parseCidr } from '../../src/cluster/core/network/ip.ts';
import {
  allocateClusterIP,
  allocateLoadBalancerIP,
  allocateNodePort,
  allocatePodIP,
  isClusterAddress,
  nodeAddressing,
} from '../../src/cluster/core/network/ipam.ts';
import { at } from '../helpers/at.ts';

describe('ip helpers', () => {
  it('round-trips and masks', () => {
    expect(intToIp(ipToInt('10.96.0.10'))).toBe('10.96.0.10');
    expect(parseCidr('10.96.7.7/12')).toEqual({ base: ipToInt('10.96.0.0'), prefix: 12 });
    expect(cidrContains('10.96.0.0/12', '10.111.255.254')).toBe(true);
    expect(cidrContains('10.96.0.0/12', '10.112.0.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '1.2.3.4')).toBe(true);
    expect(['10.244.37.2', '10.244.171.5', '9.0.0.1'].sort(compareIPs)).toEqual(['9.0.0.1', '10.244.37.2', '10.244.171.5']);
    expect(() => ipToInt('10.0.0.256')).toThrow();
  });
});

describe('ClusterIPs', () => {
  it('well-known addresses can be requested', () => {
    expect(allocateClusterIP('default', 'kubernetes', new Set(), '10.96.0.1')).toEqual({ ok: true, value: '10.96.0.1' });
    expect(allocateClusterIP('kube-system', 'kube-dns', new Set(['10.96.0.1']), '10.96.0.10')).toEqual({ ok: true, value: '10.96.0.10' });
  });
  it('dynamic allocation is deterministic, in range and above the static band', () => {
    const a = allocateClusterIP('default', 'web', new Set());
    const b = allocateClusterIP('default', 'web', new Set(['10.96.0.1']));
    expect(a).toEqual(b);
    if (!a.ok) throw new Error('no ip');
    expect(cidrContains('10.96.0.0/12', a.value)).toBe(true);
    expect(ipToInt(a.value) - ipToInt('10.96.0.0')).toBeGreaterThan(256);
    const other = allocateClusterIP('default', 'api', new Set());
    expect(other.ok && other.value !== a.value).toBe(true);
  });
  it('probes past a taken address', () => {
    const a = allocateClusterIP('default', 'web', new Set());
    if (!a.ok) throw new Error('no ip');
    const b = allocateClusterIP('default', 'web', new Set([a.value]));
    expect(b.ok && ipToInt(b.value) !== ipToInt(a.value)).toBe(true);
  });
  it('errors for taken or out-of-range requests', () => {
    expect(allocateClusterIP('default', 'x', new Set(['10.96.0.10']), '10.96.0.10')).toEqual({
      ok: false,
      message: 'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    });
    expect(allocateClusterIP('default', 'x', new Set(), '10.0.0.5')).toEqual({
      ok: false,
      message: 'spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    });
  });
  it('fills a tiny range then reports it full', () => {
    const used = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const r = allocateClusterIP('ns', `s${i}`, used, undefined, '10.0.0.0/29');
      if (!r.ok) throw new Error(r.message);
      used.add(r.value);
    }
    expect([...used].sort(compareIPs)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(allocateClusterIP('ns', 'full', used, undefined, '10.0.0.0/29')).toEqual({ ok: false, message: 'failed to allocate a serviceIP: range is full' });
  });
});

describe('NodePorts', () => {
  it('dynamic ports avoid the static band 30000-30127 and are stable', () => {
    const a = allocateNodePort('default', 'web', 0, new Set());
    expect(a).toEqual(allocateNodePort('default', 'web', 0, new Set([30000])));
    expect(a.ok && a.value >= 30128 && a.value <= 32767).toBe(true);
    const b = allocateNodePort('default', 'web', 1, new Set());
    expect(b.ok && a.ok && b.value !== a.value).toBe(true);
  });
  it('honours and validates requests', () => {
    expect(allocateNodePort('default', 'web', 0, new Set(), 30080)).toEqual({ ok: true, value: 30080 });
    expect(allocateNodePort('default', 'web', 0, new Set([30080]), 30080)).toEqual({ ok: false, message: 'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated' });
    expect(allocateNodePort('default', 'web', 1, new Set(), 80)).toEqual({
      ok: false,
      message: 'spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    });
  });
});

describe('nodes and pods', () => {
  it('lays out node addresses and pod CIDRs like kind/minikube', () => {
    expect(nodeAddressing(['worker-1', 'worker-2'])).toEqual([
      { name: 'control-plane', ip: '192.168.49.2', podCIDR: '10.244.0.0/24' },
      { name: 'worker-1', ip: '192.168.49.3', podCIDR: '10.244.1.0/24' },
      { name: 'worker-2', ip: '192.168.49.4', podCIDR: '10.244.2.0/24' },
    ]);
    const many = nodeAddressing(Array.from({ length: 300 }, (_, i) => `pool-a-${i + 1}`));
    expect(many[255]).toEqual({ name: 'pool-a-255', ip: '192.168.50.1', podCIDR: '10.244.255.0/24' });
    expect(at(many, 256).podCIDR).toBe('');
  });
  it('host-local hands out .2 upward, after the last reserved, wrapping', () => {
    expect(allocatePodIP('10.244.1.0/24', new Set())).toEqual({ ok: true, value: '10.244.1.2' });
    expect(allocatePodIP('10.244.1.0/24', new Set(['10.244.1.2']), '10.244.1.2')).toEqual({ ok: true, value: '10.244.1.3' });
    // A freed address is not reused at once.
    expect(allocatePodIP('10.244.1.0/24', new Set(['10.244.1.3']), '10.244.1.3')).toEqual({ ok: true, value: '10.244.1.4' });
    expect(allocatePodIP('10.244.1.0/24', new Set(), '10.244.1.254')).toEqual({ ok: true, value: '10.244.1.2' });
    const full = new Set(Array.from({ length: 253 }, (_, i) => `10.244.1.${i + 2}`));
    expect(allocatePodIP('10.244.1.0/24', full)).toEqual({
      ok: false,
      message: 'failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254',
    });
  });
  it('load balancer addresses come from the documentation range', () => {
    expect(allocateLoadBalancerIP(new Set())).toEqual({ ok: true, value: '203.0.113.1' });
    expect(allocateLoadBalancerIP(new Set(['203.0.113.1']))).toEqual({ ok: true, value: '203.0.113.2' });
  });
  it('cluster addresses', () => {
    expect([isClusterAddress('10.244.3.4'), isClusterAddress('10.100.0.1'), isClusterAddress('8.8.8.8'), isClusterAddress('192.168.49.3')]).toEqual([true, true, false, false]);
  });
});
