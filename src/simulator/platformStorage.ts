/**
 * LTI Platform Storage as a platform offers it (1EdTech "LTI Client Side postMessages" and
 * "Platform Storage", shaped after Canvas's `post_message_forwarding` frame): a hidden frame at
 * the platform's origin, next to the tool's iframe, answering `lti.capabilities`, `lti.put_data`
 * and `lti.get_data` with `<subject>.response` messages.
 *
 * Strict like a real platform: it answers only frames of the page that frames the tool and only
 * registered tool origins (else `wrong_origin`); keeps values per sender origin (event.origin)
 * and never reads one origin's keys for another; posts answers only to event.origin; refuses a
 * missing message_id, key or a non-string value (`bad_request`), unknown subjects
 * (`unsupported_subject`), more than 500 keys or values over 4096 characters per origin
 * (`storage_exhausted`, Canvas's limits), and a key never stored (`bad_request`).
 */
import express, { type Router } from 'express';
import { PATHS, type SimContext } from './context';
import { escapeHtml } from './html';

/** The frame name sent as `lti_storage_target` (Canvas's). */
export const STORAGE_FRAME_NAME = 'post_message_forwarding';
export const STORAGE_LIMITS = { keys: 500, valueLength: 4096, keyLength: 1024, messageIdLength: 1024 } as const;

/** Origins of the registered tools (login, redirect and launch URLs): the only senders answered. */
function toolOrigins(ctx: SimContext): string[] {
  const origins = new Set<string>();
  for (const tool of ctx.store.tools.values()) {
    for (const url of [tool.oidcLoginUrl, tool.targetLinkUri, ...tool.redirectUris]) {
      try {
        origins.add(new URL(url).origin);
      } catch {
        // A malformed URL in a registration names no origin.
      }
    }
  }
  return [...origins];
}

/** The hidden storage frame to put next to a tool's iframe ('' when Platform Storage is off). */
export function storageFrameHtml(ctx: SimContext): string {
  if (ctx.settings.storageTarget === undefined) return '';
  return `<iframe name="${escapeHtml(ctx.settings.storageTarget)}" src="${escapeHtml(ctx.urls.issuer + PATHS.storageFrame)}" title="LMS storage for tools" hidden></iframe>`;
}

/** The storage frame's script: all state lives in this page (like Canvas, in memory). */
function storageScript(origins: string[], frameName: string): string {
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  return `(function () {
  'use strict';
  var TOOL_ORIGINS = ${json(origins)};
  var FRAME = ${json(frameName)};
  var LIMITS = ${json(STORAGE_LIMITS)};
  var stores = new Map();
  // The sender must be the tool's iframe (or a frame inside it) in the page that holds this frame.
  function fromToolFrame(source) {
    try {
      for (var w = source; w && w.parent !== w; w = w.parent) {
        if (w.parent === window.parent) return w !== window;
      }
    } catch (e) { return false; }
    return false;
  }
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || typeof data.subject !== 'string' || data.subject.indexOf('lti.') !== 0) return;
    if (!event.source || !event.origin || event.origin === 'null') return;
    var source = event.source;
    var origin = event.origin;
    function reply(fields) {
      var message = { subject: data.subject + '.response' };
      if (typeof data.message_id === 'string') message.message_id = data.message_id;
      for (var k in fields) message[k] = fields[k];
      source.postMessage(message, origin);
    }
    function fail(code, text) { reply({ error: { code: code, message: text } }); }
    if (TOOL_ORIGINS.indexOf(origin) < 0 || !fromToolFrame(source)) return fail('wrong_origin', 'This platform answers only the tools it launched, from their frame.');
    if (typeof data.message_id !== 'string' || !data.message_id || data.message_id.length > LIMITS.messageIdLength) return fail('bad_request', 'message_id must be a non-empty string.');
    if (data.subject === 'lti.capabilities') {
      return reply({ supported_messages: [
        { subject: 'lti.capabilities' },
        { subject: 'lti.put_data', frame: FRAME },
        { subject: 'lti.get_data', frame: FRAME },
      ] });
    }
    if (data.subject !== 'lti.put_data' && data.subject !== 'lti.get_data') return fail('unsupported_subject', 'This platform does not support ' + data.subject + '.');
    var key = data.key;
    if (typeof key !== 'string' || !key || key.length > LIMITS.keyLength) return fail('bad_request', 'key must be a non-empty string.');
    var store = stores.get(origin);
    if (!store) { store = new Map(); stores.set(origin, store); }
    if (data.subject === 'lti.put_data') {
      if (typeof data.value !== 'string') return fail('bad_request', 'value must be a string.');
      if (data.value.length > LIMITS.valueLength) return fail('storage_exhausted', 'The value is longer than ' + LIMITS.valueLength + ' characters.');
      if (!store.has(key) && store.size >= LIMITS.keys) return fail('storage_exhausted', 'This tool already stores ' + LIMITS.keys + ' values.');
      store.set(key, data.value);
      return reply({ key: key, value: data.value });
    }
    if (!store.has(key)) return fail('bad_request', 'Nothing is stored under this key for this tool.');
    return reply({ key: key, value: store.get(key) });
  });
})();`;
}

/** Router of the storage frame page. */
export function storageRouter(ctx: SimContext): Router {
  const router = express.Router();
  router.get(PATHS.storageFrame, (_req, res) => {
    const frameName = ctx.settings.storageTarget;
    if (frameName === undefined) {
      res.status(404).json({ error: 'not_found', error_description: 'this platform does not offer LTI Platform Storage' });
      return;
    }
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS storage for tools</title></head><body><script>${storageScript(toolOrigins(ctx), frameName)}</script></body></html>`;
    res.status(200).type('html').set('Cache-Control', 'no-store').send(html);
  });
  return router;
}
