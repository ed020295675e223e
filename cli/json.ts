import type { Json } from './render/values.js';

/** The deepest nesting of arrays and objects that a JSON file given to the CLI may have. */
export const MAX_JSON_DEPTH = 1000;

/** A JSON text parsed, or why not: a syntax error, or nesting too deep to parse. */
export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: 'syntax' | 'depth'; readonly reason: string };

/** True when `text` nests arrays and objects deeper than `limit`; brackets inside strings do not count. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Parses a JSON file's text, first refusing nesting deeper than `maxDepth` with one linear scan that
 * stops at the first level too deep. V8's JSON.parse keeps a frame per open bracket: 100 MB of `[`
 * cost it 45 s and 5 GB before it reported the missing end, and the trace readers recurse into
 * whatever it returns.
 */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonParse {
  if (nestsDeeperThan(text, maxDepth)) return { ok: false, kind: 'depth', reason: `JSON nested more than ${maxDepth} levels deep` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, kind: 'syntax', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A JSON object, as a trace file holds its states and their records. */
export type JsonObject = { readonly [key: string]: Json };

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
