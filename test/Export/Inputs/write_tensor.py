"""Writes a FLOAT ONNX TensorProto file: write_tensor.py OUT.pb DIMS VALUES,
DIMS and VALUES comma-separated (the protobuf encoded by hand: dims, data_type,
raw_data)."""
import struct
import sys


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def main():
    path, dims, values = sys.argv[1], sys.argv[2], sys.argv[3]
    message = bytearray()
    for dim in dims.split(","):
        message += b"\x08" + varint(int(dim))  # field 1: dims
    message += b"\x10" + varint(1)  # field 2: data_type = FLOAT
    raw = b"".join(struct.pack("<f", float(v)) for v in values.split(","))
    message += b"\x4a" + varint(len(raw)) + raw  # field 9: raw_data
    with open(path, "wb") as out:
        out.write(message)


main()
