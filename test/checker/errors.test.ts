import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineIoError, onOwnFile, ownFileError, SpecEvaluationError } from '../../checker/errors.js';

/** An error as Node's fs throws it. */
function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall: 'write' });
}

describe('ownFileError', () => {
  it('makes an error of the system on a file of the checker an EngineIoError naming the file and the error', () => {
    const error = ownFileError('/spill/queue-0.bin', 'write', systemError('ENOSPC', 'ENOSPC: no space left on device, write'));
    assert.ok(error instanceof EngineIoError);
    assert.equal(error.path, '/spill/queue-0.bin');
    assert.equal(error.code, 'ENOSPC');
    assert.equal(error.message, 'cannot write /spill/queue-0.bin: no space left on device (ENOSPC)');
    const gone = ownFileError('/spill/seen-3.bin', 'read', systemError('ENOENT', "ENOENT: no such file or directory, open '/spill/seen-3.bin'"));
    assert.equal((gone as Error).message, 'cannot read /spill/seen-3.bin: no such file or directory (ENOENT)');
    const cut = ownFileError('/spill/trace.bin', 'read', Object.assign(new Error('a spill file ended early (0 of 4 bytes at 8)'), { code: 'EIO' }));
    assert.equal((cut as Error).message, 'cannot read /spill/trace.bin: a spill file ended early (0 of 4 bytes at 8) (EIO)');
  });

  it('leaves anything else as it is: the spec\'s errors, errors without a system code, an EngineIoError already made', () => {
    const spec = new SpecEvaluationError('action', 'Next', 'boom');
    assert.equal(ownFileError('/f', 'write', spec), spec);
    const plain = new Error('ENOSPC: looks like one');
    assert.equal(ownFileError('/f', 'write', plain), plain);
    const coded = Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.equal(ownFileError('/f', 'write', coded), coded);
    const made = new EngineIoError('/a', 'EIO', 'cannot read /a: input/output error (EIO)');
    assert.equal(ownFileError('/b', 'write', made), made);
  });

  it('onOwnFile returns what the operation returns, and throws what ownFileError makes of its error', () => {
    assert.equal(onOwnFile('/f', 'read', () => 7), 7);
    assert.throws(
      () => onOwnFile('/f', 'write', () => { throw systemError('EDQUOT', 'EDQUOT: disk quota exceeded, write'); }),
      (e: unknown) => e instanceof EngineIoError && e.message === 'cannot write /f: disk quota exceeded (EDQUOT)',
    );
  });
});
