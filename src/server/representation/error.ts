import { el, NS, type VcdDocument } from './element.ts';

export interface ErrorInfo {
  status: number;
  minorErrorCode: string;
  message: string;
  stackTrace?: string | undefined;
}

export function errorDocument(e: ErrorInfo): VcdDocument {
  return {
    mediaType: 'vcloud.error',
    namespace: NS.vcloud,
    root: el('Error', {
      minorErrorCode: e.minorErrorCode,
      message: e.message,
      majorErrorCode: e.status,
      stackTrace: e.stackTrace,
    }),
  };
}
