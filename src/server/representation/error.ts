import { el, NS, type Element, type VcdDocument } from './element.ts';

export interface ErrorInfo {
  status: number;
  minorErrorCode: string;
  message: string;
  stackTrace?: string | undefined;
}

/** The Error element, as a document's root or inside a failed Task. */
export const errorElement = (e: ErrorInfo): Element => el('Error', {
  minorErrorCode: e.minorErrorCode,
  message: e.message,
  majorErrorCode: e.status,
  stackTrace: e.stackTrace,
});

export function errorDocument(e: ErrorInfo): VcdDocument {
  return { mediaType: 'vcloud.error', namespace: NS.vcloud, root: errorElement(e) };
}
