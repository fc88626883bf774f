#!/usr/bin/env python3
"""Make TorchSharp's libLibTorchSharp.so loadable on a host whose libstdc++ lacks GLIBCXX_3.4.32.

The library needs that version for one symbol only, std::ios_base_library_init() (a no-op before GCC 13).
When the host's libstdc++ lacks the version, this script:
  1. makes the symbol unversioned (its .gnu.version entry becomes 1, "global"),
  2. removes the GLIBCXX_3.4.32 requirement from .gnu.version_r, so the loader's version check passes,
  3. builds libevopo_stdcxx_compat.so next to it, which defines the symbol; EvoPo loads it with
     RTLD_GLOBAL before TorchSharp (EvoPo.GpuWorker.Torch.TorchRuntime).
It does nothing where the host's libstdc++ has the version (e.g. Ubuntu 24.04), and is idempotent.
Usage: patch_torchsharp.py <native-dir> [--force]
"""
import ctypes.util
import os
import struct
import subprocess
import sys

SYMBOL = b"_ZSt21ios_base_library_initv"
VERSION = b"GLIBCXX_3.4.32"
COMPAT_NAME = "libevopo_stdcxx_compat.so"
HERE = os.path.dirname(os.path.abspath(__file__))


def host_has_version():
    candidates = []
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
        candidates += [line.split("=>")[-1].strip() for line in out.splitlines() if "libstdc++.so.6 " in line and "x86-64" in line]
    except OSError:
        pass
    candidates += ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"]
    for path in candidates:
        if os.path.exists(path):
            with open(path, "rb") as f:
                return VERSION in f.read()
    return False  # no libstdc++ found: patching is harmless, loading would fail anyway


def cstr(buf, off):
    end = buf.index(b"\0", off)
    return bytes(buf[off:end])


def patch(path):
    buf = bytearray(open(path, "rb").read())
    if buf[:4] != b"\x7fELF" or buf[4] != 2 or buf[5] != 1:
        raise SystemExit(f"{path}: not a little-endian ELF64 file")
    e_shoff, = struct.unpack_from("<Q", buf, 0x28)
    e_shentsize, e_shnum, _ = struct.unpack_from("<HHH", buf, 0x3A)
    sections = {}
    for i in range(e_shnum):
        o = e_shoff + i * e_shentsize
        _, sh_type, _, _, sh_offset, sh_size, sh_link, _, _, sh_entsize = struct.unpack_from("<IIQQQQIIQQ", buf, o)
        sections.setdefault(sh_type, []).append((sh_offset, sh_size, sh_link, sh_entsize, i))
    SHT_DYNSYM, SHT_VERNEED, SHT_VERSYM = 11, 0x6FFFFFFE, 0x6FFFFFFF
    dynsym = sections[SHT_DYNSYM][0]
    versym = sections[SHT_VERSYM][0]
    verneed = sections[SHT_VERNEED][0]
    strtab_index = dynsym[2]
    strtab_off = [s for t in sections.values() for s in t if s[4] == strtab_index][0][0]

    # Find the version index of GLIBCXX_3.4.32 and unlink its vernaux entry.
    removed_index = None
    vn = verneed[0]
    while True:
        vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", buf, vn)
        prev_link = vn + 8  # where the offset to the first aux lives
        aux = vn + vn_aux
        for _ in range(vn_cnt):
            vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", buf, aux)
            if cstr(buf, strtab_off + vna_name) == VERSION:
                removed_index = vna_other
                if prev_link == vn + 8:
                    new_link = vn_aux + vna_next if vna_next else 0
                else:
                    new_link = struct.unpack_from("<I", buf, prev_link)[0] + vna_next if vna_next else 0
                if vn_cnt == 1:
                    raise SystemExit(f"{path}: {VERSION.decode()} is the only version needed from its library; not patching")
                struct.pack_into("<I", buf, prev_link, new_link)
                struct.pack_into("<H", buf, vn + 2, vn_cnt - 1)
                break
            prev_link = aux + 12
            aux += vna_next
        if removed_index is not None or not vn_next:
            break
        vn += vn_next

    # Clear the version of every symbol that referred to it; only the one symbol is expected.
    count = dynsym[1] // dynsym[3]
    patched_symbols = []
    for i in range(count):
        st_name, = struct.unpack_from("<I", buf, dynsym[0] + i * dynsym[3])
        ver, = struct.unpack_from("<H", buf, versym[0] + 2 * i)
        name = cstr(buf, strtab_off + st_name)
        if (removed_index is not None and (ver & 0x7FFF) == removed_index) or (name == SYMBOL and ver not in (0, 1)):
            if name != SYMBOL:
                raise SystemExit(f"{path}: unexpected symbol {name.decode()} needs {VERSION.decode()}; not patching")
            struct.pack_into("<H", buf, versym[0] + 2 * i, 1)
            patched_symbols.append(name)
    if removed_index is None and not patched_symbols:
        return False
    tmp = path + ".patching"
    with open(tmp, "wb") as f:
        f.write(buf)
    os.chmod(tmp, os.stat(path).st_mode)
    os.replace(tmp, path)
    return True


def build_compat(native_dir):
    target = os.path.join(native_dir, COMPAT_NAME)
    source = os.path.join(HERE, "stdcxx_compat.c")
    if os.path.exists(target) and os.path.getmtime(target) >= os.path.getmtime(source):
        return
    cc = os.environ.get("CC") or "cc"
    try:
        subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", target + ".tmp", source], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise SystemExit(f"building {COMPAT_NAME} needs a C compiler ({cc}): {e}. Install one with "
                         "`sudo apt-get install -y --no-install-recommends gcc libc6-dev` and build again "
                         "(or build on a host whose libstdc++ has GLIBCXX_3.4.32, GCC 13+).")
    os.replace(target + ".tmp", target)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    force = "--force" in sys.argv
    if len(args) != 1:
        raise SystemExit(__doc__)
    native_dir = args[0]
    lib = os.path.join(native_dir, "libLibTorchSharp.so")
    if not os.path.exists(lib):
        return
    if host_has_version() and not force:
        return
    changed = patch(lib)
    build_compat(native_dir)
    if changed:
        print(f"evopo: patched {lib} for a libstdc++ without {VERSION.decode()}")


if __name__ == "__main__":
    main()
