#!/usr/bin/env python3
"""SkyCut's exact area of 10^4 random caps (1"-1 deg, the seeds of area_randoms.py) against
healpy: the HEALPix pixels of N_side 8192 (0.43') whose centres lie in some cap.

Usage: python3 Benchmarks/scripts/area_healpy.py SEED [SKYCUT]. Needs numpy, astropy, healpy.
"""
import numpy as np, healpy as hp, subprocess, json, sys
from astropy.io import fits
seed=int(sys.argv[1])
rng=np.random.default_rng(seed)
caps=10000
ra=rng.uniform(0,360,caps); dec=np.degrees(np.arcsin(rng.uniform(-1,1,caps)))
radius=10**rng.uniform(0,np.log10(3600),caps)
fits.BinTableHDU.from_columns([fits.Column(name="RA",format="D",array=ra),fits.Column(name="DEC",format="D",array=dec),fits.Column(name="R",format="D",unit="arcsec",array=radius)]).writeto(f'/tmp/skycut-caps{seed}.fits',overwrite=True)
out=subprocess.run([(sys.argv[2] if len(sys.argv) > 2 else '.build/release/skycut'),'area',f'/tmp/skycut-caps{seed}.fits','--radius-column','R','--summary','json','-q'],capture_output=True,text=True).stdout
a=json.loads(out)['area']['deg2']
nside=8192
vec=hp.ang2vec(ra,dec,lonlat=True)
pix=[]
for v,r in zip(vec,radius):
    pix.append(hp.query_disc(nside,v,np.radians(r/3600),nest=True))
u=np.unique(np.concatenate(pix))
est=len(u)*hp.nside2pixarea(nside,degrees=True)
print(seed,'skycut',a,'healpy centres',est,'diff',a-est, 'sum of caps', (4*np.pi*np.sin(np.radians(radius/3600)/2)**2).sum()*(180/np.pi)**2)
