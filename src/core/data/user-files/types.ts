// The shapes of the user's own files as the checks, the engine and the UI see them. Plain data
// only (they cross the worker boundary). The checks are in check.ts; storage is the engine's.

export type UserFileKind = 'text' | 'code';

/** Why a file was turned away (the message says it in words; the code is for tests and styling). */
export type RejectCode =
  | 'bad-name'
  | 'skipped'
  | 'too-many'
  | 'duplicate'
  | 'empty'
  | 'too-large'
  | 'total-too-large'
  | 'binary'
  | 'not-utf8'
  | 'storage-full'
  | 'storage-error';

/** A file the lab keeps: what it is and how much training text it gives. */
export interface UserFileInfo {
  /** Its path as uploaded (folder uploads keep the relative path, with "/"). */
  name: string;
  /** The kind it trains as: the detected one unless the user overrode it. */
  kind: UserFileKind;
  /** The kind its extension (or a #! line) suggests. */
  detectedKind: UserFileKind;
  /** How the kind was decided, when that is worth saying (unknown extension, #! line, override). */
  kindNote?: string;
  bytes: number;
  /** Unicode code points of its text. */
  chars: number;
  /** Training documents it splits into (documents.ts). */
  documents: number;
}

export interface AcceptedUserFile extends UserFileInfo {
  status: 'accepted';
  /** The decoded text (not sent back to the UI by the engine). */
  text: string;
}

export interface RejectedUserFile {
  status: 'rejected';
  name: string;
  bytes: number;
  code: RejectCode;
  /** A sentence saying what is wrong, with the figures involved. */
  reason: string;
}

/** The engine's answer per uploaded file. `replaced`: a stored file of that name was replaced. */
export type UserFileResult = { status: 'accepted'; file: UserFileInfo; replaced: boolean } | RejectedUserFile;

/** One file of an upload: its (relative) name and bytes, optionally with the kind the user chose. */
export interface UserFileUpload {
  name: string;
  bytes: Uint8Array;
  kind?: UserFileKind;
}
