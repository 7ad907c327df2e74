// A row is OK or ERROR; tracers spell those many ways, and some only fill in the exception.
import { describe, expect, it } from 'vitest';
import { normalizeStatus } from '../../../db/source/status.ts';

describe('normalizeStatus', () => {
  it.each(['OK', 'ok', 'Ok', 'success', 'SUCCESS', 'done', 'running'])('reads %j as OK', (status) => {
    expect(normalizeStatus(status, null)).toBe('OK');
  });

  it.each([
    'ERROR',
    'error',
    'Error',
    'failed',
    'FAILED',
    'exception',
    'Exception',
    'Failure',
    'failure',
    'err',
    'fail',
  ])('reads %j as ERROR', (status) => {
    expect(normalizeStatus(status, null)).toBe('ERROR');
  });

  it('ignores surrounding whitespace in the status word', () => {
    expect(normalizeStatus('  error\n', null)).toBe('ERROR');
    expect(normalizeStatus(' ok ', null)).toBe('OK');
  });

  it('reads an empty or blank status with an exception as ERROR', () => {
    expect(normalizeStatus('', 'ValueError: bad order')).toBe('ERROR');
    expect(normalizeStatus('   ', 'ValueError: bad order')).toBe('ERROR');
    expect(normalizeStatus(null, 'ValueError: bad order')).toBe('ERROR');
    expect(normalizeStatus(undefined, Buffer.from('Traceback'))).toBe('ERROR');
  });

  it('reads a missing status without an exception as OK', () => {
    expect(normalizeStatus(null, null)).toBe('OK');
    expect(normalizeStatus(undefined, undefined)).toBe('OK');
    expect(normalizeStatus('', null)).toBe('OK');
    expect(normalizeStatus(null, '')).toBe('OK');
  });

  it('lets an explicit status word win over the exception column', () => {
    expect(normalizeStatus('OK', 'handled: retried')).toBe('OK');
    expect(normalizeStatus('error', null)).toBe('ERROR');
  });

  it('falls back to the exception for a status that is not text', () => {
    expect(normalizeStatus(0, null)).toBe('OK');
    expect(normalizeStatus(1, 'boom')).toBe('ERROR');
  });
});
