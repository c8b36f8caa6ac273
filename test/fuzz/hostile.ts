/**
 * fast-check generators of hostile input: values that look almost right mixed with huge strings,
 * odd unicode and NUL bytes, numbers out of range, injection text, prototype keys, repeated fields,
 * and whole request bodies that are malformed JSON or carry the wrong content type.
 */
import fc from 'fast-check';

/** A form as the fuzzers send it: a value per field, an array repeats the field (`a=1&a=2`). */
export type Form = Record<string, string | string[]>;

/** Hand-picked values that have broken web apps before. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '   \t  ', '\r\n', '\n\n\n', '\u0000', 'a\u0000b', '\u0000'.repeat(20),
  '0', '-1', '-0', '1.5', '+5', ' 7 ', '1e3', '1e308', '-1e308', '1e-400', '2147483647', '2147483648', '-2147483649',
  '9007199254740993', '99999999999999999999999', '0x10', '0b11', '00012', 'NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'true', 'false',
  '2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '+275760-09-13', '1969-12-31', '2026-9-1', '2026-09-01T00:00:00Z', '2026-09',
  "' OR 1=1 --", '1; DROP TABLE people; --', '" or ""="', "\\'", '\\', '%', '_', '%00', '%25', '${7*7}', '#{7*7}',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '{{constructor.constructor("return process")()}}', '{{> layout}}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '[object Object]',
  '\u202Egnp.exe', '\u200B\u200C\u200D\uFEFF', 'מורה מאמנת', 'مدرس', '👩🏽‍🏫🧑‍🤝‍🧑🏳️‍🌈', 'Z̷̢̛a̵̡l̶g̴o̸', '\uD800', '\uDFFF', 'ﬃ', 'İı', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'custom:1', 'custom:999999999', 'custom:-1', 'impact', 'survey:0', 'survey:999999999',
  'http://', 'https://x', 'http://127.0.0.1:1/', 'file:///etc/passwd', `https://example.org/${'a'.repeat(600)}`,
];

/** Long strings: just under and over the columns' and schemas' limits, and near the 100 kB body limit. */
export const longString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(41, 81, 121, 201, 256, 301, 501, 2001, 4001, 5001, 10_001, 30_000, 70_000).chain((n) =>
    fc.constantFrom('a', 'é', '😀', '\u0000', '<', "'", 'x\n').map((unit) => unit.repeat(n))),
  fc.string({ minLength: 200, maxLength: 3000, unit: 'binary' }),
);

/** Numbers written as text, in and out of every range the forms use. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -2_147_483_649, max: 2_147_483_649 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('0', '1', '2', '5', '20', '60', '61', '600', '601', '1000', '1001', '1e9', '999999999.99', '-0.001', '3.14159'),
);

/** Any single hostile value. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: numberText },
  { weight: 1, arbitrary: longString },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
);

/** Keys that must never reach an object's prototype. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]', 'toString', 'valueOf', 'hasOwnProperty'] as const;

/**
 * A form built from a valid-looking one: each field kept, dropped, replaced by a hostile value or
 * repeated; sometimes extra fields (prototype keys, random names).
 */
export function hostileForm(valid: Form, extraValues: readonly string[] = []): fc.Arbitrary<Form> {
  const value = extraValues.length ? fc.oneof({ weight: 5, arbitrary: hostileValue }, { weight: 2, arbitrary: fc.constantFrom(...extraValues) }) : hostileValue;
  const field = (v: string | string[]) => fc.oneof(
    { weight: 5, arbitrary: fc.constant(v) },
    { weight: 4, arbitrary: value as fc.Arbitrary<string | string[]> },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 4 }) },
  );
  const fields = Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, field(v)]));
  return fc.tuple(
    fc.record(fields as Record<string, fc.Arbitrary<string | string[] | undefined>>),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ minLength: 1, maxLength: 12 })), fc.oneof(value, fc.array(value, { maxLength: 3 }))), { maxLength: 3 }),
  ).map(([kept, extra]) => {
    const out: Form = {};
    for (const [k, v] of Object.entries(kept)) if (v !== undefined) out[k] = v;
    for (const [k, v] of extra) if (!(k in valid) && k !== '_csrf') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

/** The form encoded as a body (URLSearchParams turns lone surrogates into U+FFFD, as browsers do). */
export function encodeForm(form: Form): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return params.toString();
}

/** A request body with its content type (and optional content encoding). */
export interface RawBody {
  contentType?: string;
  contentEncoding?: string;
  body: string;
  /** What this body is, for the counterexample. */
  kind: string;
}

/** Bodies that are not a well-formed form: malformed and odd JSON, wrong types, broken encodings. */
export function rawBody(valid: Form): fc.Arbitrary<RawBody> {
  const json = JSON.stringify(valid);
  return fc.oneof(
    fc.constantFrom<RawBody>(
      { kind: 'malformed json', contentType: 'application/json', body: '{"a": ' },
      { kind: 'json null', contentType: 'application/json', body: 'null' },
      { kind: 'json string', contentType: 'application/json', body: '"text"' },
      { kind: 'json array', contentType: 'application/json', body: '[1,2,3]' },
      { kind: 'json proto', contentType: 'application/json', body: '{"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}}}' },
      { kind: 'json deep', contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
      { kind: 'empty json', contentType: 'application/json', body: '' },
      { kind: 'text', contentType: 'text/plain', body: 'name=value&other=1' },
      { kind: 'xml', contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
      { kind: 'octet-stream', contentType: 'application/octet-stream', body: '\u0000\u0001\u0002binary' },
      { kind: 'multipart without boundary', contentType: 'multipart/form-data', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
      { kind: 'form in utf-16', contentType: 'application/x-www-form-urlencoded; charset=utf-16', body: 'a=1' },
      { kind: 'form in koi8-r', contentType: 'application/x-www-form-urlencoded; charset=koi8-r', body: 'a=1' },
      { kind: 'gzip that is not gzip', contentType: 'application/x-www-form-urlencoded', contentEncoding: 'gzip', body: 'a=1' },
      { kind: 'unknown encoding', contentType: 'application/x-www-form-urlencoded', contentEncoding: 'br-x', body: 'a=1' },
      { kind: 'no content type', body: 'a=1&b=2' },
      { kind: 'bad percent escapes', contentType: 'application/x-www-form-urlencoded', body: 'a=%E0%A4%A&b=%&c=%zz&%=1' },
      { kind: 'form over 100 kB', contentType: 'application/x-www-form-urlencoded', body: `a=${'x'.repeat(110_000)}` },
      { kind: 'many fields', contentType: 'application/x-www-form-urlencoded', body: Array.from({ length: 1500 }, (_, i) => `f${i}=${i}`).join('&') },
      { kind: 'bracket keys', contentType: 'application/x-www-form-urlencoded', body: 'a[b]=1&a[]=2&__proto__[x]=1&constructor[prototype][x]=1' },
    ),
    // The valid form as JSON, with typed values where strings are expected.
    fc.constant<RawBody>({ kind: 'valid as json', contentType: 'application/json', body: json }),
    fc.dictionary(fc.constantFrom(...Object.keys(valid), ...PROTO_KEYS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })
      .map((o) => ({ kind: 'typed json', contentType: 'application/json', body: JSON.stringify(o) })),
    fc.string({ maxLength: 200, unit: 'binary' }).map((s) => ({ kind: 'random json-ish', contentType: 'application/json', body: `{"${Object.keys(valid)[0] ?? 'a'}": ${s}` })),
  );
}

/**
 * Path parameters: the fixture's own ids, ids of records in another tenant, and hostile text.
 * `real: false` leaves out text that parses to a small id (" 1"): for parameters where any real
 * record is fair game to the route (the operator's tenant ids), so fuzzing cannot suspend the harness.
 */
export function pathValue(own: readonly number[], foreign: readonly number[], opts: { real: boolean } = { real: true }): fc.Arbitrary<string> {
  const hostile = ['0', '-1', '1.5', '1e2', '2147483648', '99999999999999999999', 'abc', 'null', '__proto__', 'constructor', '%00', '..', '😀', '\u0000', `${'9'.repeat(300)}`];
  if (opts.real) hostile.push(' 1', '1 ', '0x1', '+1');
  const pools: Array<fc.WeightedArbitrary<string>> = [
    { weight: 3, arbitrary: fc.constantFrom(...hostile) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: 2_147_483_647 }).map(String) },
  ];
  if (own.length) pools.push({ weight: 8, arbitrary: fc.constantFrom(...own.map(String)) });
  if (foreign.length) pools.push({ weight: 3, arbitrary: fc.constantFrom(...foreign.map(String)) });
  return fc.oneof(...pools);
}
