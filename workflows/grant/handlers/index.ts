/** Wires the grant's query and updates to their validators and handlers. */
import { setHandler } from '@temporalio/workflow';
import { amendUpdate, cancelUpdate, decideUpdate, recordFactUpdate, reviseUpdate, stateQuery } from '../contract';
import type { GrantRun } from '../run';
import { handleDecide, validateDecide } from './decide';
import { handleFact, validateFact } from './facts';
import { handleAmend, handleCancel, handleRevise, validateAmend, validateCancel, validateRevise } from './steer';

export function registerHandlers(run: GrantRun): void {
  setHandler(stateQuery, () => run.state);
  setHandler(decideUpdate, (i) => handleDecide(run, i), { validator: (i) => validateDecide(run, i) });
  setHandler(recordFactUpdate, (i) => handleFact(run, i), { validator: (i) => validateFact(run, i) });
  setHandler(amendUpdate, (i) => handleAmend(run, i), { validator: (i) => validateAmend(run, i) });
  setHandler(cancelUpdate, (i) => handleCancel(run, i), { validator: (i) => validateCancel(run, i) });
  setHandler(reviseUpdate, (i) => handleRevise(run, i), { validator: (i) => validateRevise(run, i) });
}
