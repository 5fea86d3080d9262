/**
 * kubectl's JSONPath (printers/jsonpath.ts), table-driven with the cases of
 * client-go's util/jsonpath/jsonpath_test.go. Go structs become JSON maps
 * (what kubectl's unstructured objects are), so JSON output has sorted keys;
 * `{..name}` over maps, random in Go, comes sorted here.
 */
import { describe, expect, it } from 'vitest';
import { JsonPath } from '../../src/cluster/kubectl/printers/jsonpath.ts';

interface Case {
  name: string;
  template: string;
  input: unknown;
  expect?: string;
  /** A parse or execute error is expected (its text when given). */
  error?: true | string;
  allowMissing?: boolean;
}

function run(c: Case): { out?: string; error?: string } {
  try {
    return { out: new JsonPath(c.template, c.allowMissing ?? false).execute(c.input) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const types = {
  bools: [true, false, true, false],
  integers: [1, 2, 3, 4],
  floats: [1.0, 2.2, 3.3, 4.0],
  strings: ['one', 'two', 'three', 'four'],
  interfaces: [true, 'one', 1, 1.1],
  maps: [
    { name: 'one', value: 1 },
    { name: 'two', value: 2.02 },
    { name: 'three', value: 3.03 },
    { name: 'four', value: 4.04 },
  ],
};

const store = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [
    { Color: 'red', Price: 19.95, IsNew: true },
    { Color: 'green', Price: 20.01, IsNew: false },
  ],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jason: 'manager', dan: 'clerk' },
};

const nodes = {
  kind: 'List',
  items: [
    { kind: 'None', metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } }, status: { capacity: { cpu: '4' }, ready: true, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] } },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: { capacity: { cpu: '8' }, ready: false, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.2' }, { type: 'another', address: '127.0.0.3' }] },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

const points = [
  { id: 'i1', x: 4, y: -5 },
  { id: 'i2', x: -2, y: -5, z: 1 },
  { id: 'i3', x: 8, y: 3 },
  { id: 'i4', x: -6, y: -1 },
  { id: 'i5', x: 0, y: 2, z: 1 },
  { id: 'i6', x: 1, y: 4 },
];

const containers = (n: number) => ({ apiVersion: 'v1', kind: 'Pod', spec: { containers: Array.from({ length: n }, (_, i) => ({ image: 'radial/busyboxplus:curl', name: `fake${i}` })) } });
const nested = {
  items: [
    { metadata: { name: 'pod1' }, spec: { containers: ['foo', 'bar'].map((name) => ({ name, another: [{ name: 'value1' }, { name: 'value2' }] })) } },
    { metadata: { name: 'pod2' }, spec: { containers: [{ name: 'baz', another: [{ name: 'value1' }, { name: 'value2' }] }] } },
  ],
};

const CASES: Case[] = [
  // TestTypesInput
  { name: 'boolSlice', template: '{ .bools }', input: types, expect: '[true,false,true,false]' },
  { name: 'boolSliceIndex', template: '{ .bools[0] }', input: types, expect: 'true' },
  { name: 'boolSliceIndex -1', template: '{ .bools[-1] }', input: types, expect: 'false' },
  { name: 'boolSubSlice', template: '{ .bools[0:2] }', input: types, expect: 'true false' },
  { name: 'boolSubSliceFirst2', template: '{ .bools[:2] }', input: types, expect: 'true false' },
  { name: 'boolSubSliceStep2', template: '{ .bools[:4:2] }', input: types, expect: 'true true' },
  { name: 'integerSlice', template: '{ .integers }', input: types, expect: '[1,2,3,4]' },
  { name: 'integerSliceIndexReverse', template: '{ .integers[-2] }', input: types, expect: '3' },
  { name: 'integerSubSliceStep2', template: '{ .integers[:4:2] }', input: types, expect: '1 3' },
  { name: 'floatSlice', template: '{ .floats }', input: types, expect: '[1,2.2,3.3,4]' },
  { name: 'floatSliceIndex', template: '{ .floats[0] }', input: types, expect: '1' },
  { name: 'floatSubSliceStep2', template: '{ .floats[:4:2] }', input: types, expect: '1 3.3' },
  { name: 'stringSlice', template: '{ .strings }', input: types, expect: '["one","two","three","four"]' },
  { name: 'stringSubSliceStep2', template: '{ .strings[:4:2] }', input: types, expect: 'one three' },
  { name: 'interfaceSlice', template: '{ .interfaces }', input: types, expect: '[true,"one",1,1.1]' },
  { name: 'interfaceSubSliceFirst2', template: '{ .interfaces[0:2] }', input: types, expect: 'true one' },
  { name: 'mapSliceIndex', template: '{ .maps[0] }', input: types, expect: '{"name":"one","value":1}' },
  { name: 'mapSubSliceStepOdd', template: '{ .maps[::2] }', input: types, expect: '{"name":"one","value":1} {"name":"three","value":3.03}' },
  { name: 'mapSubSliceStepEven', template: '{ .maps[1::2] }', input: types, expect: '{"name":"two","value":2.02} {"name":"four","value":4.04}' },
  // TestStructInput (structs as maps)
  { name: 'plain', template: 'hello jsonpath', input: null, expect: 'hello jsonpath' },
  { name: 'recursive', template: '{..}', input: [1, 2, 3], expect: '[1,2,3]' },
  { name: 'filter', template: '{[?(@<5)]}', input: [2, 6, 3, 7], expect: '2 3' },
  { name: 'quote', template: '{"{"}', input: null, expect: '{' },
  { name: 'union', template: '{[1,3,4]}', input: [0, 1, 2, 3, 4], expect: '1 3 4' },
  { name: 'array', template: '{[0:2]}', input: ['Monday', 'Tudesday'], expect: 'Monday Tudesday' },
  { name: 'variable', template: 'hello {.Name}', input: store, expect: 'hello jsonpath' },
  { name: 'dict/', template: '{$.Labels.web/html}', input: store, expect: '15' },
  { name: 'dict/ jason', template: '{$.Employees.jason}', input: store, expect: 'manager' },
  { name: 'dict-', template: '{.Labels.k8s-app}', input: store, expect: '20' },
  { name: 'nest', template: '{.Bicycle[*].Color}', input: store, expect: 'red green' },
  { name: 'allarray', template: '{.Book[*].Author}', input: store, expect: 'Nigel Rees Evelyn Waugh Herman Melville' },
  { name: 'allfields (map keys sorted)', template: '{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}', input: store, expect: '{red true 19.95} {green false 20.01} ' },
  { name: 'recurfields', template: '{..Price}', input: { Book: store.Book, Bicycle: store.Bicycle }, expect: '19.95 20.01 8.95 12.99 8.99' },
  { name: 'superrecurfields', template: '{............................................................Price}', input: store, error: 'invalid multiple recursive descent' },
  { name: 'allstructs', template: '{range .Bicycle[*]}{ @ }{ " " }{end}', input: store, expect: '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} ' },
  { name: 'lastarray', template: '{.Book[-1:]}', input: store, expect: '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}' },
  { name: 'recurarray', template: '{..Book[2]}', input: store, expect: '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}' },
  { name: 'bool', template: '{.Bicycle[?(@.IsNew==true)]}', input: store, expect: '{"Color":"red","IsNew":true,"Price":19.95}' },
  { name: 'regexp match get red bicycle', template: "{.Bicycle[?(@.Color=~'.*ed.*')]}", input: store, expect: '{"Color":"red","IsNew":true,"Price":19.95}' },
  { name: 'regexp match get green bicycle', template: "{.Bicycle[?(@.Color=~'^g.*en.*')]}", input: store, expect: '{"Color":"green","IsNew":false,"Price":20.01}' },
  { name: 'regexp match with bool is not supported', template: "{.Bicycle[?(@.IsNew=~'.*ue')]}", input: store, error: true },
  { name: 'regexp match with number is not supported', template: "{.Bicycle[?(@.Price=~'.*95')]}", input: store, error: true },
  { name: 'nonexistent field (missing keys allowed)', template: '{.hello}', input: store, expect: '', allowMissing: true },
  { name: 'nonexistent field 2', template: 'before-{.hello}after', input: store, expect: 'before-after', allowMissing: true },
  { name: 'invalid identifier', template: '{hello}', input: store, error: 'unrecognized identifier hello' },
  { name: 'nonexistent field', template: '{.hello}', input: store, error: 'hello is not found' },
  { name: 'invalid array', template: '{.Labels[0]}', input: store, error: 'map[string]interface {} is not array or slice' },
  { name: 'invalid filter operator', template: '{.Book[?(@.Price<>10)]}', input: store, error: 'unrecognized filter operator <>' },
  { name: 'redundant end', template: '{range .Labels.*}{@}{end}{end}', input: store, error: 'not in range, nothing to end' },
  // TestJSONInput
  { name: 'exists filter', template: '{[?(@.z)].id}', input: points, expect: 'i2 i5' },
  { name: 'bracket key', template: "{[0]['id']}", input: points, expect: 'i1' },
  // TestKubernetes
  { name: 'range item', template: '{range .items[*]}{.metadata.name}, {end}{.kind}', input: nodes, expect: '127.0.0.1, 127.0.0.2, List' },
  { name: 'range item with quote', template: '{range .items[*]}{.metadata.name}{"\\t"}{end}', input: nodes, expect: '127.0.0.1\t127.0.0.2\t' },
  { name: 'range addresss', template: '{.items[*].status.addresses[*].address}', input: nodes, expect: '127.0.0.1 127.0.0.2 127.0.0.3' },
  { name: 'double range', template: '{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}', input: nodes, expect: '127.0.0.1, 127.0.0.2, 127.0.0.3, ' },
  { name: 'item name', template: '{.items[*].metadata.name}', input: nodes, expect: '127.0.0.1 127.0.0.2' },
  { name: 'union nodes capacity', template: "{.items[*]['metadata.name', 'status.capacity']}", input: nodes, expect: '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}' },
  { name: 'range nodes capacity', template: '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', input: nodes, expect: '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ' },
  { name: 'user password', template: '{.users[?(@.name=="e2e")].user.password}', input: nodes, expect: 'secret' },
  { name: 'hostname', template: '{.items[0].metadata.labels.kubernetes\\.io/hostname}', input: nodes, expect: '127.0.0.1' },
  { name: 'hostname filter', template: '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', input: nodes, expect: 'None' },
  { name: 'bool item', template: '{.items[?(@..ready==true)].metadata.name}', input: nodes, expect: '127.0.0.1' },
  { name: 'recursive name (sorted map order)', template: '{..name}', input: nodes, expect: '127.0.0.1 127.0.0.2 myself e2e' },
  // TestEmptyRange
  { name: 'empty range', template: '{range .items[*]}{.metadata.name}{end}', input: { items: [] }, expect: '', allowMissing: true },
  { name: 'empty nested range', template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}', input: { items: [] }, expect: '', allowMissing: true },
  // TestNestedRanges
  { name: 'nested range with a trailing newline', template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}', input: nested, expect: 'pod1:foo,bar,+pod2:baz,+' },
  {
    name: 'nested range within another nested range',
    template: '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
    input: nested,
    expect: 'pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#',
  },
  {
    name: 'two nested ranges at the same level',
    template: '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
    input: nested,
    expect: 'pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n',
  },
  // TestFilterPartialMatchesSometimesMissingAnnotations
  ...[true, false].map(
    (allowMissing): Case => ({
      name: `filter over items some without annotations (allowMissingKeys ${allowMissing})`,
      template: '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}',
      input: { kind: 'List', items: [{ metadata: { name: 'pod1', annotations: { color: 'blue' } } }, { metadata: { name: 'pod2' } }, { metadata: { name: 'pod3', annotations: { color: 'green' } } }, { metadata: { name: 'pod4', annotations: { color: 'blue' } } }] },
      allowMissing,
      ...(allowMissing ? { expect: 'pod1 pod4' } : { error: true as const }),
    }),
  ),
  // TestNegativeIndex
  ...(
    [
      ['[0]', 'fake0'],
      ['[0:0]', ''],
      ['[0:-1]', 'fake0 fake1 fake2'],
      ['[-1:0]', null],
      ['[-1]', 'fake3'],
      ['[-1:]', 'fake3'],
      ['[-2]', 'fake2'],
      ['[-2:]', 'fake2 fake3'],
      ['[-3]', 'fake1'],
      ['[-4]', 'fake0'],
      ['[-4:]', 'fake0 fake1 fake2 fake3'],
      ['[-5]', null],
      ['[5:5]', ''],
      ['[-5:-5]', ''],
      ['[3:1]', null],
      ['[-1:-2]', null],
    ] as const
  ).map(([idx, want]): Case => ({ name: `negative index containers${idx}`, template: `{.spec.containers${idx}.name}`, input: containers(4), ...(want === null ? { error: true as const } : { expect: want }) })),
  // TestRunningPodsJSONPathOutput
  {
    name: 'range over pods without selecting the last one',
    template: '{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}',
    input: { kind: 'List', items: [...['pod1', 'pod2', 'pod3'].map((name) => ({ kind: 'Pod', metadata: { name }, status: { phase: 'Running' } })), { resourceVersion: '' }] },
    expect: 'pod1 is Running\npod2 is Running\npod3 is Running\n',
    allowMissing: true,
  },
  // TestStep
  ...(
    [
      ['[0:]', 'fake0 fake1 fake2 fake3 fake4 fake5'],
      ['[0:6:]', 'fake0 fake1 fake2 fake3 fake4 fake5'],
      ['[0:6:1]', 'fake0 fake1 fake2 fake3 fake4 fake5'],
      ['[0:6:0]', null],
      ['[0:6:-1]', null],
      ['[1:4:2]', 'fake1 fake3'],
      ['[1:4:3]', 'fake1'],
      ['[1:4:4]', 'fake1'],
      ['[0:6:2]', 'fake0 fake2 fake4'],
      ['[0:6:3]', 'fake0 fake3'],
      ['[0:6:5]', 'fake0 fake5'],
      ['[0:6:6]', 'fake0'],
    ] as const
  ).map(([idx, want]): Case => ({ name: `step containers${idx}`, template: `{.spec.containers${idx}.name}`, input: containers(6), ...(want === null ? { error: true as const } : { expect: want }) })),
  // Parser errors (parser.go messages)
  { name: 'unclosed action', template: '{.a', input: {}, error: 'unclosed action' },
  { name: 'unterminated array', template: '{.a[0}', input: {}, error: 'unterminated array' },
  { name: 'unterminated filter', template: '{.a[?(@.b=="x"}', input: {}, error: 'unterminated filter' },
  { name: 'unrecognized character', template: '{!}', input: {}, error: "unrecognized character in action: U+0021 '!'" },
  { name: 'invalid array index', template: '{.a[x]}', input: {}, error: 'invalid array index x' },
  // Go's fmt for scalars
  { name: 'null prints <nil>', template: '{.a}', input: { a: null }, expect: '<nil>' },
  { name: 'float in exponent form', template: '{.a} {.b}', input: { a: 1234567.5, b: 0.00001 }, expect: '1.2345675e+06 1e-05' },
  { name: 'int vs float literal is a bad comparison', template: '{[?(@.x==1.0)]}', input: [{ x: 1 }], error: 'incompatible types for comparison' },
];

describe('kubectl JSONPath (client-go jsonpath_test.go)', () => {
  it.each(CASES)('$name', (c) => {
    const got = run(c);
    if (c.error === true) expect(got.error).toBeDefined();
    else if (typeof c.error === 'string') expect(got).toEqual({ error: c.error });
    else expect(got).toEqual({ out: c.expect });
  });
});
