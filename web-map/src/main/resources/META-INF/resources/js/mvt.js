// Mapbox Vector Tile decoding (specification 2.1): the protocol buffer of a tile becomes plain
// objects, { layerName: { extent, features: [{ id, type, properties, geometry }] } }, with geometry
// as arrays of rings (polygons), lines or points in tile coordinates (0 … extent).

const POINT = 1;
const LINESTRING = 2;
const POLYGON = 3;
export const GEOMETRY_TYPES = { POINT, LINESTRING, POLYGON };

/** A reader over the bytes of a protocol buffer message. */
class Reader {
  constructor(bytes, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  more() {
    return this.pos < this.end;
  }

  varint() {
    // up to 64 bits; numbers above 2^53 lose precision, as JavaScript numbers do
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i += 1) {
      if (this.pos >= this.end) {
        throw new Error('vector tile: truncated varint');
      }
      const b = this.bytes[this.pos];
      this.pos += 1;
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        return result;
      }
      scale *= 128;
    }
    throw new Error('vector tile: varint too long');
  }

  svarint() {
    const n = this.varint();
    return n % 2 === 1 ? (n + 1) / -2 : n / 2;
  }

  /** The bounds of a length-delimited field; the reader moves past it. */
  slice() {
    const length = this.varint();
    const start = this.pos;
    this.pos += length;
    if (this.pos > this.end) {
      throw new Error('vector tile: field runs past its message');
    }
    return [start, this.pos];
  }

  string() {
    const [start, end] = this.slice();
    return new TextDecoder().decode(this.bytes.subarray(start, end));
  }

  packed() {
    const [start, end] = this.slice();
    const inner = new Reader(this.bytes, start, end);
    const out = [];
    while (inner.more()) {
      out.push(inner.varint());
    }
    return out;
  }

  skip(wireType) {
    if (wireType === 0) {
      this.varint();
    } else if (wireType === 1) {
      this.pos += 8;
    } else if (wireType === 2) {
      this.slice();
    } else if (wireType === 5) {
      this.pos += 4;
    } else {
      throw new Error(`vector tile: unknown wire type ${wireType}`);
    }
  }

  /** Calls fn(field, wireType) for each field of the message. */
  fields(fn) {
    while (this.more()) {
      const key = this.varint();
      fn(Math.floor(key / 8), key % 8);
    }
  }
}

function readValue(reader) {
  const [start, end] = reader.slice();
  const r = new Reader(reader.bytes, start, end);
  let value = null;
  r.fields((field, wire) => {
    if (field === 1 && wire === 2) value = r.string();
    else if (field === 2 && wire === 5) { value = r.view.getFloat32(r.pos, true); r.pos += 4; }
    else if (field === 3 && wire === 1) { value = r.view.getFloat64(r.pos, true); r.pos += 8; }
    else if ((field === 4 || field === 5) && wire === 0) value = r.varint();
    else if (field === 6 && wire === 0) value = r.svarint();
    else if (field === 7 && wire === 0) value = r.varint() !== 0;
    else r.skip(wire);
  });
  return value;
}

/** Geometry commands to parts: each part an array of [x, y]. */
function decodeGeometry(commands) {
  const parts = [];
  let part = null;
  let x = 0;
  let y = 0;
  let i = 0;
  while (i < commands.length) {
    const command = commands[i] & 0x7;
    const count = commands[i] >>> 3;
    i += 1;
    if (command === 1 || command === 2) {
      for (let k = 0; k < count; k += 1) {
        const dx = commands[i];
        const dy = commands[i + 1];
        i += 2;
        x += (dx >>> 1) ^ -(dx & 1);
        y += (dy >>> 1) ^ -(dy & 1);
        if (command === 1) {
          part = [];
          parts.push(part);
        }
        part.push([x, y]);
      }
    } else if (command === 7) {
      if (part && part.length > 0) {
        part.push(part[0]);
      }
    } else {
      throw new Error(`vector tile: unknown geometry command ${command}`);
    }
  }
  return parts;
}

function readFeature(reader, keys, values) {
  const [start, end] = reader.slice();
  const r = new Reader(reader.bytes, start, end);
  const feature = { id: null, type: 0, properties: {}, geometry: [] };
  let tags = [];
  let commands = [];
  r.fields((field, wire) => {
    if (field === 1 && wire === 0) feature.id = r.varint();
    else if (field === 2 && wire === 2) tags = r.packed();
    else if (field === 3 && wire === 0) feature.type = r.varint();
    else if (field === 4 && wire === 2) commands = r.packed();
    else r.skip(wire);
  });
  for (let i = 0; i + 1 < tags.length; i += 2) {
    feature.properties[keys[tags[i]]] = values[tags[i + 1]];
  }
  feature.geometry = decodeGeometry(commands);
  return feature;
}

function readLayer(reader) {
  const [start, end] = reader.slice();
  const r = new Reader(reader.bytes, start, end);
  const layer = { name: '', extent: 4096, features: [] };
  const keys = [];
  const values = [];
  const featureSlices = [];
  r.fields((field, wire) => {
    if (field === 1 && wire === 2) layer.name = r.string();
    else if (field === 2 && wire === 2) {
      // features refer to keys and values that may come after them: read them last
      featureSlices.push(r.pos);
      r.slice();
    } else if (field === 3 && wire === 2) keys.push(r.string());
    else if (field === 4 && wire === 2) values.push(readValue(r));
    else if (field === 5 && wire === 0) layer.extent = r.varint();
    else r.skip(wire);
  });
  for (const pos of featureSlices) {
    const fr = new Reader(r.bytes, pos, end);
    layer.features.push(readFeature(fr, keys, values));
  }
  return layer;
}

/** Decodes the bytes of a vector tile (an ArrayBuffer or Uint8Array). */
export function decodeTile(buffer) {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const reader = new Reader(bytes);
  const layers = {};
  reader.fields((field, wire) => {
    if (field === 3 && wire === 2) {
      const layer = readLayer(reader);
      layers[layer.name] = layer;
    } else {
      reader.skip(wire);
    }
  });
  return layers;
}

/** Whether tile point [x, y] lies inside the polygon made of {@code rings} (even–odd rule). */
export function insideRings(rings, x, y) {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
  }
  return inside;
}

/** The distance from tile point [x, y] to the nearest segment of the lines or points given. */
export function distanceToParts(parts, x, y) {
  let best = Infinity;
  for (const part of parts) {
    if (part.length === 1) {
      best = Math.min(best, Math.hypot(part[0][0] - x, part[0][1] - y));
    }
    for (let i = 1; i < part.length; i += 1) {
      const [x1, y1] = part[i - 1];
      const [x2, y2] = part[i];
      const dx = x2 - x1;
      const dy = y2 - y1;
      const length2 = dx * dx + dy * dy;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / length2));
      best = Math.min(best, Math.hypot(x1 + t * dx - x, y1 + t * dy - y));
    }
  }
  return best;
}
