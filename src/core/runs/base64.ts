// Base64 and base64url for bytes (run files carry checkpoint files; share links carry recipes).
// Decoding checks the alphabet first so a damaged string gets an error that says where.
const STD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk)
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Decodes standard base64; throws naming the first character outside the alphabet. */
export function base64ToBytes(text: string): Uint8Array {
  if (!STD.test(text) || text.length % 4 !== 0) {
    const bad = [...text].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
    throw new Error(
      bad >= 0
        ? `not base64: character ${JSON.stringify(text[bad])} at position ${bad}`
        : `not base64: length ${text.length} is not a multiple of 4 or the padding is misplaced`,
    );
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function bytesToBase64url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlToBytes(text: string): Uint8Array {
  if (!URL_SAFE.test(text)) {
    const bad = [...text].findIndex((c) => !/[A-Za-z0-9_-]/.test(c));
    throw new Error(`not base64url: character ${JSON.stringify(text[bad])} at position ${bad}`);
  }
  if (text.length % 4 === 1) throw new Error(`not base64url: a length of ${text.length} cannot be decoded`);
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  return base64ToBytes(std + '='.repeat((4 - (std.length % 4)) % 4));
}
