#!/usr/bin/env python3
"""Generates the BSS Eval parity fixture for KamHp.Tests/Evaluation/BssEvalParityTests.cs.

Run ONCE by hand (not in CI) with Debian 12's python3-mir-eval 0.7 (numpy 1.24, scipy 1.10):
    apt-get install -y python3-mir-eval
    /usr/bin/python3 make_parity_data.py
Writes, next to this script:
    references.f32   true sources, float32 little-endian, layout [source][channel][sample]
    estimates.f32    estimated sources, same layout
    mir_eval.json    mir_eval's figures on exactly those float32 values (converted to float64)
Source 0 plays the harmonic stem (decaying tones over a noise floor), source 1 the percussive stem (noise bursts);
the estimates mix filtered references, leakage of the other source and independent noise, so every metric has a
moderate, finite value.
"""
import json
import os

import numpy as np
import scipy.signal
import mir_eval
import mir_eval.separation as sep

SEED = 20140504
SAMPLES = 4000
RATE = 44100.0

rng = np.random.default_rng(SEED)
t = np.arange(SAMPLES) / RATE


def harmonic_channel():
    x = np.zeros(SAMPLES)
    for f0 in (220.0, 330.0, 587.0):
        for h in range(1, 6):
            x += np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi)) / h
    x *= np.exp(-t * 3.0)
    # A noise floor 30 dB down keeps the Gram matrix of delayed copies well conditioned (pure tones are rank 2 per partial).
    x += rng.standard_normal(SAMPLES) * np.std(x) * 10 ** (-30 / 20)
    return x


def percussive_channel():
    x = np.zeros(SAMPLES)
    for onset in (100, 1100, 2300, 3100):
        n = SAMPLES - onset
        burst = rng.standard_normal(n) * np.exp(-np.arange(n) / 300.0)
        x[onset:] += burst
    return x


harm = np.stack([0.8 * harmonic_channel(), 0.5 * harmonic_channel()])
perc = np.stack([0.4 * percussive_channel(), 0.6 * percussive_channel()])
references = np.stack([harm, perc]).astype(np.float32)          # (source, channel, sample)

fir = scipy.signal.firwin(31, 0.3)
est = np.empty_like(references, dtype=np.float64)
for c in range(2):
    h = references[0, c].astype(np.float64)
    p = references[1, c].astype(np.float64)
    noise0 = rng.standard_normal(SAMPLES) * 0.02
    noise1 = rng.standard_normal(SAMPLES) * 0.03
    est[0, c] = 0.9 * scipy.signal.lfilter(fir, 1.0, h) + 0.1 * h + 0.15 * p + noise0
    est[1, c] = 0.85 * p + 0.2 * scipy.signal.lfilter([0.5, 0.3, 0.2], 1.0, h) + noise1
estimates = est.astype(np.float32)

here = os.path.dirname(os.path.abspath(__file__))
references.astype('<f4').tofile(os.path.join(here, 'references.f32'))
estimates.astype('<f4').tofile(os.path.join(here, 'estimates.f32'))

ref64 = references.astype(np.float64)
est64 = estimates.astype(np.float64)

# bss_eval_images wants (source, sample, channel).
sdr, isr, sir, sar, _ = sep.bss_eval_images(ref64.transpose(0, 2, 1), est64.transpose(0, 2, 1),
                                            compute_permutation=False)
# bss_eval_sources on channel 0 alone (the mono case).
msdr, msir, msar, _ = sep.bss_eval_sources(ref64[:, 0, :], est64[:, 0, :], compute_permutation=False)

result = {
    'generator': 'make_parity_data.py',
    'mir_eval': mir_eval.__version__,
    'numpy': np.__version__,
    'scipy': scipy.__version__,
    'seed': SEED,
    'sources': 2,
    'channels': 2,
    'samples': SAMPLES,
    'layout': 'float32 little-endian, [source][channel][sample]',
    'images': {'sdr': sdr.tolist(), 'isr': isr.tolist(), 'sir': sir.tolist(), 'sar': sar.tolist()},
    'sourcesChannel0': {'sdr': msdr.tolist(), 'sir': msir.tolist(), 'sar': msar.tolist()},
}
with open(os.path.join(here, 'mir_eval.json'), 'w') as f:
    json.dump(result, f, indent=2)
    f.write('\n')
print(json.dumps(result, indent=2))
