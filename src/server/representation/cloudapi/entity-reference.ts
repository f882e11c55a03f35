// The CloudAPI's EntityReference (common/entity.yaml): a name and a URN.
import { urn } from '../../ids.ts';

export const entityReference = (type: string, id: string, name: string) => ({ name, id: urn(type, id) });
