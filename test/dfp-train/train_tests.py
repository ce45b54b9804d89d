#!/usr/bin/env python3
"""Process-level tests of dfp-train: run the real tool on a small subset of
Fashion-MNIST and check its run directory, resumption (bit-identical final
state, also after SIGKILL during checkpoint writes), thread-count
independence and its error exits.

Usage: train_tests.py CASE --tool PATH --work DIR   (CASE: see CASES)
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree

# Small enough for ASan: 8 steps per epoch of 32 images, 64 test images.
SMALL = ["--batch", "32", "--limit-train", "256", "--limit-test", "64"]
STEPS_PER_EPOCH = 8
SUMMARY_KEYS = ["precision", "epochs", "test_accuracy", "final_train_loss",
                "train_seconds", "images_per_s", "skipped_steps"]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Runner:
    def __init__(self, tool, work):
        self.tool = tool
        self.work = work

    def path(self, *names):
        return os.path.join(self.work, *names)

    def start(self, args, env=None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.Popen([self.tool] + args, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=full_env, cwd=self.work)

    def run(self, args, expect=0, env=None):
        process = self.start(args, env)
        out, err = process.communicate()
        print("$ dfp-train " + " ".join(args) + "  -> " +
              str(process.returncode))
        if process.returncode != expect:
            print(out)
            print(err, file=sys.stderr)
            raise Failure("dfp-train %s: exit %d, expected %d" %
                          (" ".join(args), process.returncode, expect))
        return out, err


def read_csv(path):
    with open(path) as f:
        lines = f.read().splitlines()
    header = lines[0].split(",")
    return header, [dict(zip(header, map(float, line.split(","))))
                    for line in lines[1:]]


def checkpoint_files(run_dir):
    directory = os.path.join(run_dir, "checkpoints")
    if not os.path.isdir(directory):
        return []
    return sorted(name for name in os.listdir(directory)
                  if name.startswith("checkpoint-") and
                  name.endswith(".dfpckpt"))


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def case_outputs(r):
    """A short run writes every run-directory file with sane contents; a
    second run of the other precision next to it overlays both in its plot."""
    run_dir = r.path("runs", "dfp16-a")
    out, _ = r.run(SMALL + ["--epochs", "2", "--run-dir", run_dir,
                            "--checkpoint-every", "3"])
    for text in ["epoch  train loss  test loss  test acc", "test accuracy",
                 "epoch 1/2 [", "img/s", "ETA"]:
        check(text in out, "stdout lacks '%s':\n%s" % (text, out))
    rows = [line for line in out.splitlines()
            if re.match(r"\s+\d+\s+\d+\.\d{4}\s", line)]
    check(len(rows) == 2, "expected two epoch rows:\n" + out)

    header, steps = read_csv(os.path.join(run_dir, "metrics.csv"))
    check(header[:5] == ["step", "epoch", "epoch_progress", "loss", "lr"],
          "metrics.csv header: %s" % header)
    check([s["step"] for s in steps] == list(range(1, 2 * STEPS_PER_EPOCH + 1)),
          "metrics.csv steps: %s" % [s["step"] for s in steps])
    check(abs(steps[0]["lr"] - 0.05) < 1e-8 and
          all(a["lr"] > b["lr"] for a, b in zip(steps, steps[1:])),
          "the learning rate must start at 0.05 and decay every step")
    check(all(0 < s["loss"] < 10 and s["images_per_s"] > 0 for s in steps),
          "implausible step rows")
    check(steps[-1]["epoch"] == 2 and steps[-1]["epoch_progress"] == 2.0,
          "the last step ends epoch 2")

    _, epochs = read_csv(os.path.join(run_dir, "epochs.csv"))
    check([e["epoch"] for e in epochs] == [1, 2], "epochs.csv rows")
    check(all(0 <= e["test_accuracy"] <= 1 for e in epochs), "accuracy range")

    with open(os.path.join(run_dir, "summary.json")) as f:
        summary = json.load(f)
    check(list(summary)[:len(SUMMARY_KEYS)] == SUMMARY_KEYS,
          "summary.json keys: %s" % list(summary))
    check(summary["precision"] == "dfp16" and summary["epochs"] == 2 and
          summary["steps"] == 16 and summary["complete"] is True and
          summary["skipped_steps"] == 0, "summary.json: %s" % summary)
    check(summary["test_accuracy"] == epochs[-1]["test_accuracy"],
          "summary accuracy is the last epoch's")
    check(summary["train_seconds"] > 0 and summary["images_per_s"] > 0,
          "summary timings")
    check("cosine" in summary["lr_schedule"], "the schedule is stated")

    svg = ElementTree.parse(os.path.join(run_dir, "plot.svg")).getroot()
    paths = svg.findall(".//{http://www.w3.org/2000/svg}path")
    check(len(paths) == 2, "plot.svg of one run: %d paths" % len(paths))

    names = checkpoint_files(run_dir)
    check(0 < len(names) <= 3, "checkpoints kept: %s" % names)
    check(names[-1] == "checkpoint-000000000016.dfpckpt",
          "latest checkpoint: %s" % names)

    other = r.path("runs", "fp32-a")
    onnx = r.path("trained.onnx")
    out, _ = r.run(SMALL + ["--epochs", "1", "--precision", "fp32",
                            "--run-dir", other, "--export", onnx])
    check("exported the trained model to " + onnx in out, "export reported")
    with open(onnx, "rb") as f:
        model = f.read()
    # The exporter runs the ONNX checker; here: the trained parameters and
    # statistics are initializers, the momenta are not.
    for name in [b"conv1.weight", b"bn5.running_var", b"fc.bias"]:
        check(name in model, "the exported model lacks %s" % name)
    check(b"momentum" not in model, "momenta must not be exported")

    # Round trip: the exported model, imported again with --model, scores
    # exactly what the run's last evaluation scored, and trains further.
    _, fp32_epochs = read_csv(os.path.join(other, "epochs.csv"))
    out, _ = r.run(SMALL + ["--precision", "fp32", "--model", onnx,
                            "--evaluate"])
    match = re.search(r"test loss ([0-9.]+)  test accuracy [0-9.]+% "
                      r"\(([0-9]+) of ([0-9]+) images\)", out)
    check(match, "--evaluate prints the test loss and accuracy:\n" + out)
    last = fp32_epochs[-1]
    check(abs(float(match.group(1)) - last["test_loss"]) < 1e-5,
          "re-imported test loss %s vs %s" % (match.group(1),
                                              last["test_loss"]))
    images = int(match.group(3))
    check(images == 64 and
          int(match.group(2)) == round(last["test_accuracy"] * images),
          "re-imported: %s of %d right vs accuracy %s" %
          (match.group(2), images, last["test_accuracy"]))
    imported = r.path("runs", "imported")
    r.run(SMALL + ["--epochs", "1", "--model", onnx, "--run-dir", imported])
    with open(os.path.join(imported, "summary.json")) as f:
        summary = json.load(f)
    check(summary["test_accuracy"] > 0.1 and summary["skipped_steps"] == 0,
          "training the imported model: %s" % summary)
    with open(os.path.join(other, "plot.svg")) as f:
        text = f.read()
    svg = ElementTree.fromstring(text)
    paths = svg.findall(".//{http://www.w3.org/2000/svg}path")
    check(len(paths) == 4, "the fp32 plot overlays the dfp16 run: %d paths"
          % len(paths))
    check("dfp16 (" in text and "fp32 (" in text, "both runs are labelled")


def reference_run(r, name, extra=()):
    dump = r.path(name + ".state")
    r.run(SMALL + ["--epochs", "2", "--run-dir", r.path(name),
                   "--dump-state", dump] + list(extra))
    return dump


def case_resume(r):
    """Stopped twice (mid-epoch, then across the epoch end) and resumed: the
    final state and every logged loss equal an uninterrupted run's."""
    reference = reference_run(r, "whole")
    run_dir = r.path("pieces")
    r.run(SMALL + ["--epochs", "2", "--run-dir", run_dir,
                   "--stop-after-steps", "5", "--checkpoint-every", "0"])
    check(checkpoint_files(run_dir)[-1] == "checkpoint-000000000005.dfpckpt",
          "a stopped run checkpoints its last step")
    with open(os.path.join(run_dir, "summary.json")) as f:
        check(json.load(f)["complete"] is False, "a stopped run is incomplete")
    out, _ = r.run(["--resume", run_dir, "--stop-after-steps", "11"])
    check("resuming from" in out and "step 5 of 16" in out,
          "resume names where it continues:\n" + out)
    dump = r.path("pieces.state")
    r.run(["--resume", run_dir, "--dump-state", dump])
    check(same_bytes(reference, dump),
          "resumed final state differs from the uninterrupted run's")
    for name, keys in [("metrics.csv", ["step", "loss", "lr"]),
                       ("epochs.csv", ["train_loss", "test_accuracy",
                                       "test_loss"])]:
        _, whole = read_csv(os.path.join(r.path("whole"), name))
        _, pieces = read_csv(os.path.join(run_dir, name))
        check([[row[k] for k in keys] for row in whole] ==
              [[row[k] for k in keys] for row in pieces],
              name + " differs between the whole and the resumed run")
    with open(os.path.join(run_dir, "summary.json")) as f:
        summary = json.load(f)
    check(summary["resumes"] == 2 and summary["complete"] is True,
          "summary after resuming: %s" % summary)


def wait_for_new_checkpoint(process, run_dir, seen, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        names = checkpoint_files(run_dir)
        if names and names[-1] not in seen:
            return True
        time.sleep(0.002)
    raise Failure("no new checkpoint within %d s" % timeout)


def case_sigkill(r):
    """SIGKILL at random moments while the run checkpoints every step: the
    latest checkpoint always loads, and resuming after every kill still ends
    in the uninterrupted run's state."""
    reference = reference_run(r, "whole")
    run_dir = r.path("killed")
    rng = random.Random(7)
    args = SMALL + ["--epochs", "2", "--run-dir", run_dir,
                    "--checkpoint-every", "1", "--keep-checkpoints", "2"]
    kills = 0
    for attempt in range(6):
        process = r.start(args)
        seen = set(checkpoint_files(run_dir))
        if not wait_for_new_checkpoint(process, run_dir, seen, 300):
            process.communicate()
            check(process.returncode == 0, "run failed: exit %d" %
                  process.returncode)
            break
        time.sleep(rng.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        if process.returncode == -signal.SIGKILL:
            kills += 1
        print("killed after %s" % checkpoint_files(run_dir)[-1])
        args = ["--resume", run_dir, "--checkpoint-every", "1",
                "--keep-checkpoints", "2"]
    check(kills >= 2, "only %d runs were killed" % kills)
    dump = r.path("killed.state")
    r.run(["--resume", run_dir, "--dump-state", dump])
    check(same_bytes(reference, dump),
          "state after kills and resumes differs from the uninterrupted run")
    leftovers = [n for n in os.listdir(os.path.join(run_dir, "checkpoints"))
                 if not n.endswith(".dfpckpt")]
    check(not leftovers, "temporary files left: %s" % leftovers)


def case_threads(r):
    """DFP16 on 1 and on 2 threads: identical final state."""
    one = reference_run(r, "one", ["--threads", "1"])
    two = reference_run(r, "two", ["--threads", "2"])
    check(same_bytes(one, two), "1 and 2 threads end in different states")


def case_skip(r):
    """A NaN in a batch: the step is skipped, reported and counted."""
    run_dir = r.path("nan")
    out, err = r.run(SMALL + ["--epochs", "1", "--run-dir", run_dir,
                              "--nan-at-step", "3"])
    check("step 3 skipped, parameters untouched" in err,
          "the skipped step is reported:\n" + err)
    _, steps = read_csv(os.path.join(run_dir, "metrics.csv"))
    check([s["step"] for s in steps if s["skipped"]] == [3],
          "metrics.csv marks step 3 skipped")
    check(steps[2]["loss"] != steps[2]["loss"], "a skipped step has no loss")
    _, epochs = read_csv(os.path.join(run_dir, "epochs.csv"))
    check(epochs[0]["skipped_steps"] == 1 and
          epochs[0]["train_loss"] == epochs[0]["train_loss"],
          "the epoch counts the skip and averages the other losses")
    with open(os.path.join(run_dir, "summary.json")) as f:
        check(json.load(f)["skipped_steps"] == 1, "summary counts the skip")


def case_interrupt(r):
    """SIGINT stops after the current step with a checkpoint (exit 130);
    --resume finishes the run."""
    run_dir = r.path("interrupted")
    process = r.start(SMALL + ["--epochs", "2", "--run-dir", run_dir,
                               "--checkpoint-every", "0"])
    for line in process.stdout:
        if line.startswith("epoch 1/2 ["):
            process.send_signal(signal.SIGINT)
            break
    out, err = process.communicate()
    check(process.returncode == 130, "exit %d after SIGINT" %
          process.returncode)
    match = re.search(r"the checkpoint of step (\d+) is saved", err)
    check(match is not None, "the interruption is reported:\n" + err)
    step = int(match.group(1))
    check(step < 2 * STEPS_PER_EPOCH, "stopped early")
    check(checkpoint_files(run_dir)[-1] == "checkpoint-%012d.dfpckpt" % step,
          "the checkpoint of the last step is saved")
    r.run(["--resume", run_dir])
    with open(os.path.join(run_dir, "summary.json")) as f:
        summary = json.load(f)
    check(summary["complete"] is True and summary["steps"] == 16,
          "the resumed run finishes: %s" % summary)


def expect_error(r, args, code, *texts, env=None):
    _, err = r.run(args, expect=code, env=env)
    for text in texts:
        check(text in err, "stderr of '%s' lacks '%s':\n%s" %
              (" ".join(args), text, err))


def case_errors(r):
    """Each failure exits with its documented code and names the problem."""
    out, _ = r.run(["--help"])
    check("EXIT CODES" in out and "--resume DIR" in out, "help text")
    expect_error(r, ["--epochs", "0"], 2, "--epochs expects an integer")
    expect_error(r, ["--bogus"], 2, "unknown option '--bogus'")
    expect_error(r, ["--resume", "x", "--lr", "0.1"], 2,
                 "--lr cannot be combined with --resume")
    expect_error(r, SMALL + ["--model", r.path("missing.onnx")], 1,
                 "missing.onnx")
    expect_error(r, ["--model", "m.txt"], 2, "expected a .mlir or .onnx")

    missing = r.path("no-data")
    expect_error(r, SMALL, 3, missing + "/train-images-idx3-ubyte.gz",
                 "dataset-fashion-mnist",
                 env={"DFP_FASHION_MNIST_DIR": missing})
    corrupt = r.path("corrupt-data")
    os.makedirs(corrupt, exist_ok=True)
    source = "/usr/share/datasets/fashion-mnist"
    for name in os.listdir(source):
        shutil.copy(os.path.join(source, name), corrupt)
    images = os.path.join(corrupt, "train-images-idx3-ubyte.gz")
    with open(images, "r+b") as f:
        f.truncate(os.path.getsize(images) // 2)
    expect_error(r, SMALL + ["--data-dir", corrupt], 3, images)
    expect_error(r, ["--limit-train", "70000"], 2,
                 "--limit-train 70000 exceeds the 60000 images")

    blocker = r.path("a-file")
    with open(blocker, "w") as f:
        f.write("x")
    expect_error(r, SMALL + ["--run-dir", os.path.join(blocker, "run")], 5,
                 blocker + "/run: cannot create the run directory")
    expect_error(r, ["--resume", r.path("nothing")], 4,
                 "not a dfp-train run directory")
    run_dir = r.path("short")
    r.run(SMALL + ["--run-dir", run_dir, "--stop-after-steps", "2"])
    expect_error(r, SMALL + ["--run-dir", run_dir], 2,
                 "holds a run already")
    latest = os.path.join(run_dir, "checkpoints", checkpoint_files(run_dir)[-1])
    with open(latest, "r+b") as f:
        f.seek(os.path.getsize(latest) - 9)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0x40]))
    expect_error(r, ["--resume", run_dir], 4, latest)


def case_torch_onnx(r):
    """A classifier in torch.onnx.export's layout (Conv, BatchNormalization,
    Relu, MaxPool, Flatten, Gemm; symbolic batch) trains with --model in
    both precisions: its loss falls."""
    model = r.path("torch_layout.onnx")
    writer = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "write_torch_layout_model.py")
    # Debian's interpreter, which has python3-onnx (scripts/lib/setup.sh).
    subprocess.run(["/usr/bin/python3", writer, model], check=True)
    for precision in ["dfp16", "fp32"]:
        run_dir = r.path("torch-" + precision)
        r.run(["--batch", "32", "--limit-train", "512", "--limit-test", "64",
               "--epochs", "1", "--lr", "0.05", "--precision", precision,
               "--model", model, "--run-dir", run_dir])
        _, steps = read_csv(os.path.join(run_dir, "metrics.csv"))
        check(len(steps) == 16, "%s: %d steps" % (precision, len(steps)))
        first = sum(s["loss"] for s in steps[:4]) / 4
        last = sum(s["loss"] for s in steps[-4:]) / 4
        check(last < 0.8 * first,
              "%s: loss %.3f -> %.3f does not fall" % (precision, first, last))

    # The same model on data given as TensorProto files.
    data = r.path("tensor-data")
    subprocess.run(["/usr/bin/python3", os.path.join(
        os.path.dirname(writer), "write_tensor_dataset.py"), data, "512", "64"],
        check=True)
    run_dir = r.path("torch-pb")
    out, _ = r.run(["--batch", "32", "--epochs", "1", "--model", model,
                    "--data-dir", data, "--run-dir", run_dir])
    check("512 training and 64 test images" in out, "pb data set:\n" + out)
    _, steps = read_csv(os.path.join(run_dir, "metrics.csv"))
    first = sum(s["loss"] for s in steps[:4]) / 4
    last = sum(s["loss"] for s in steps[-4:]) / 4
    check(len(steps) == 16 and last < 0.8 * first,
          ".pb data: %d steps, loss %.3f -> %.3f" % (len(steps), first, last))
    os.replace(os.path.join(data, "test_labels.pb"),
               os.path.join(data, "test_labels.pb.bak"))
    shutil.copy(os.path.join(data, "train_labels.pb"),
                os.path.join(data, "test_labels.pb"))
    expect_error(r, ["--batch", "32", "--model", model, "--data-dir", data],
                 3, "test_labels.pb: expected integer labels [64]")


CASES = {"outputs": case_outputs, "resume": case_resume,
         "sigkill": case_sigkill, "threads": case_threads,
         "errors": case_errors, "skip": case_skip,
         "interrupt": case_interrupt, "torch_onnx": case_torch_onnx}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--tool", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = os.path.join(args.work, args.case)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    try:
        CASES[args.case](Runner(os.path.abspath(args.tool), work))
    except Failure as failure:
        print("FAIL: %s" % failure, file=sys.stderr)
        return 1
    print("PASS: %s" % args.case)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
