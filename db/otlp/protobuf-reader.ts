// A minimal protobuf wire-format reader (varints, fixed32/64, length-delimited fields), enough
// to decode OTLP without a protobuf dependency. Every read is bounds-checked: a malformed or
// truncated payload throws OtlpDecodeError, never reads past its buffer.
import { OtlpDecodeError } from './model.ts';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export class ProtoReader {
  private readonly buf: Uint8Array;
  private readonly view: DataView;
  pos: number;
  private readonly end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Number(t >> 3n);
    if (field === 0) throw new OtlpDecodeError('Malformed protobuf: field number 0.');
    return { field, wire: Number(t & 7n) };
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new OtlpDecodeError('Malformed protobuf: truncated varint.');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new OtlpDecodeError('Malformed protobuf: varint longer than 10 bytes.');
  }

  uint32(): number {
    return Number(BigInt.asUintN(32, this.varint()));
  }

  int64(): bigint {
    return BigInt.asIntN(64, this.varint());
  }

  bool(): boolean {
    return this.varint() !== 0n;
  }

  fixed64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  fixed32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const len = Number(this.varint());
    this.need(len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    try {
      return decoder.decode(this.bytes());
    } catch (err) {
      if (err instanceof OtlpDecodeError) throw err;
      throw new OtlpDecodeError('Malformed protobuf: a string field is not valid UTF-8.');
    }
  }

  /** A reader over an embedded message. */
  message(): ProtoReader {
    const b = this.bytes();
    return new ProtoReader(b);
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.advance(8);
    else if (wire === WIRE_LEN) this.bytes();
    else if (wire === WIRE_FIXED32) this.advance(4);
    else throw new OtlpDecodeError(`Malformed protobuf: unsupported wire type ${wire}.`);
  }

  /** Throws unless a known field came with the wire type its schema says. */
  expect(wire: number, want: number, what: string): void {
    if (wire !== want)
      throw new OtlpDecodeError(`Malformed protobuf: ${what} has wire type ${wire}, expected ${want}.`);
  }

  private advance(n: number): void {
    this.need(n);
    this.pos += n;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end)
      throw new OtlpDecodeError('Malformed protobuf: a field runs past the end of the message.');
  }
}

// fatal: a string field that is not UTF-8 is a malformed payload (proto3 requires UTF-8).
const decoder = new TextDecoder('utf-8', { fatal: true });
