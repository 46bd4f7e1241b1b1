"""A PEP 517 build backend for wasi_reactor that uses only the standard library, so the
package installs without a package index. The wheel holds the wasi_reactor package and, when
one is found, the libwr.so it was built next to ($WR_LIBRARY, else the checkout's build/);
without one, the package uses the system's libwr at run time."""
import base64
import hashlib
import os
import sysconfig
import zipfile

NAME, VERSION = "wasi_reactor", "0.1.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _library():
    for path in (os.environ.get("WR_LIBRARY"),
                 os.path.join(ROOT, "..", "..", "build", "libwr.so")):
        if path and os.path.exists(path):
            return os.path.realpath(path)
    return None


def _metadata():
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: WebAssembly reactors from Python (asyncio and synchronous) on libwr\n"
            "Requires-Python: >=3.8\n")


def _tag(lib):
    if not lib:
        return "py3-none-any"
    return "py3-none-" + sysconfig.get_platform().replace("-", "_").replace(".", "_")


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist_info = f"{NAME}-{VERSION}.dist-info"
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "w") as f:
        f.write(_metadata())
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    lib = _library()
    tag = _tag(lib)
    files = {}
    pkg = os.path.join(ROOT, NAME)
    for name in sorted(os.listdir(pkg)):
        if name.endswith(".py"):
            with open(os.path.join(pkg, name), "rb") as f:
                files[f"{NAME}/{name}"] = f.read()
    if lib:
        with open(lib, "rb") as f:
            files[f"{NAME}/libwr.so"] = f.read()
    dist_info = f"{NAME}-{VERSION}.dist-info"
    files[f"{dist_info}/METADATA"] = _metadata().encode()
    files[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: wr_backend\n"
                                   f"Root-Is-Purelib: {'false' if lib else 'true'}\n"
                                   f"Tag: {tag}\n").encode()
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = f"{NAME}-{VERSION}-{tag}.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o755 << 16 if path.endswith(".so") else 0o644 << 16
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return wheel
