// The programs the tests drive that npm cannot install: Debian's Chromium (browser tests), Orthanc
// with its DICOMweb plugin (a real PACS) and dicom3tools' dciodvfy (DICOM validation). `npm test`
// installs the missing ones with apt-get when it runs as root, and otherwise says in one line what
// to run, so `npm ci && npm test` needs nothing done by hand on a fresh Debian machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

interface Requirement {
  what: string;
  packages: string[];
  present: () => boolean;
}

const onPath = (command: string) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const pluginIn = (dir: string) =>
  existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('libOrthancDicomWeb.so'));

const REQUIREMENTS: Requirement[] = [
  {
    what: 'Chromium',
    packages: ['chromium'],
    present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  },
  {
    what: 'Orthanc with DICOMweb',
    packages: ['orthanc', 'orthanc-dicomweb'],
    present: () =>
      (existsSync('/usr/sbin/Orthanc') || existsSync('/usr/bin/Orthanc')) &&
      (pluginIn('/usr/share/orthanc/plugins') || pluginIn('/usr/lib/orthanc')),
  },
  { what: 'dciodvfy', packages: ['dicom3tools'], present: () => onPath('dciodvfy') },
];

/** Installs what is missing where it can; false (after one line saying what to run) where it cannot. */
export function ensureSystemRequirements(): boolean {
  const missing = REQUIREMENTS.filter((r) => !r.present());
  if (missing.length === 0) return true;
  const packages = missing.flatMap((r) => r.packages);
  const names = missing.map((r) => r.what).join(', ');
  const asRoot = process.getuid?.() === 0 && onPath('apt-get');
  if (asRoot) {
    process.stdout.write(`installing ${names} (apt-get install ${packages.join(' ')})…\n`);
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (update.status === 0 && install.status === 0 && missing.every((r) => r.present())) return true;
  }
  process.stdout.write(
    `missing ${names}: run \`sudo apt-get install ${packages.join(' ')}\`, then npm test\n`,
  );
  return false;
}
