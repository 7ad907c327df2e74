// Plain-Node pieces of the desktop shell: app state on disk, the command line, the menu, the
// window-security rules and the app:// handler.
import { describe, expect, it, vi } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appProtocolHandler, isAppUrl } from '../../../main/desktop/app-protocol.ts';
import { AppStateStore, MAX_RECENT } from '../../../main/desktop/app-state.ts';
import { parseCommandLine } from '../../../main/desktop/command-line.ts';
import { menuTemplate, OPEN_DIALOG } from '../../../main/desktop/menu.ts';
import { isTrustedSender, secureWebPreferences } from '../../../main/desktop/window-security.ts';
import { tempDir } from '../../fixtures/trace-db.ts';

describe('app state in the user-data folder', () => {
  it('keeps recent files (newest first, no duplicates, at most 10) across restarts', () => {
    const dir = tempDir();
    const s = new AppStateStore(dir);
    for (let i = 0; i < 12; i++) s.addRecent(`/data/${i}.db`);
    s.addRecent('/data/5.db');
    const again = new AppStateStore(dir);
    expect(again.recentFiles).toHaveLength(MAX_RECENT);
    expect(again.recentFiles.slice(0, 3)).toEqual(['/data/5.db', '/data/11.db', '/data/10.db']);
    again.saveBounds('/data/5.db', { x: 5, y: 6, width: 1200, height: 800 });
    expect(new AppStateStore(dir).boundsFor('/data/5.db')).toEqual({ x: 5, y: 6, width: 1200, height: 800 });
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('sets a corrupt file aside with a warning and starts from defaults', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app-state.json'), '{"recentFiles": ["/a.db", ');
    const warn = vi.fn();
    const s = new AppStateStore(dir, warn);
    expect(s.recentFiles).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/unreadable; it was moved to .*app-state\.json\.corrupt-\d+/),
    );
    const aside = readdirSync(dir).find((f) => f.startsWith('app-state.json.corrupt-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe('{"recentFiles": ["/a.db", ');
    s.addRecent('/b.db');
    expect(JSON.parse(readFileSync(join(dir, 'app-state.json'), 'utf8')).recentFiles).toEqual(['/b.db']);
  });

  it('drops values of the wrong shape instead of trusting them', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'app-state.json'),
      JSON.stringify({
        recentFiles: ['/ok.db', 42, null, ''],
        windowBounds: { '/ok.db': { width: 'wide' }, '/b.db': { width: 900, height: 700, x: 'left' } },
      }),
    );
    const s = new AppStateStore(dir, () => {});
    expect(s.recentFiles).toEqual(['/ok.db']);
    expect(s.boundsFor('/ok.db')).toBeNull();
    expect(s.boundsFor('/b.db')).toEqual({ width: 900, height: 700 });
  });
});

describe('command line', () => {
  it('finds the files in dev and packaged argv, skipping Chromium switches, resolved against the cwd', () => {
    expect(
      parseCommandLine(['/x/electron', '/app', 'a.db', '--enable-logging', '/abs/b.sqlite'], {
        packaged: false,
        cwd: '/work',
      }),
    ).toEqual({ paths: ['/work/a.db', '/abs/b.sqlite'], dataDir: null });
    expect(
      parseCommandLine(['/opt/Trace Inspector/trace-inspector', 'c.db', '--data-dir', 'cache'], {
        packaged: true,
        cwd: '/home/me',
      }),
    ).toEqual({ paths: ['/home/me/c.db'], dataDir: '/home/me/cache' });
    expect(parseCommandLine(['/x/electron', '/app'], { packaged: false, cwd: '/' }).paths).toEqual([]);
  });
});

describe('menu', () => {
  it('has File › Open… (Ctrl/Cmd+O) and a recent-files list that opens and clears', () => {
    const opened: string[] = [];
    let cleared = 0;
    const t = menuTemplate({
      isMac: false,
      recentFiles: ['/d/a.db'],
      openFile: () => opened.push('dialog'),
      openRecent: (p) => opened.push(p),
      clearRecent: () => cleared++,
    });
    const file = t.find((m) => m.label === '&File')!.submenu as {
      label?: string;
      accelerator?: string;
      click?: () => void;
      submenu?: { label?: string; click?: () => void }[];
    }[];
    const open = file.find((i) => i.label === 'Open…')!;
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    open.click!();
    const recent = file.find((i) => i.label === 'Open Recent')!.submenu!;
    recent[0].click!();
    recent.find((i) => i.label === 'Clear Recent')!.click!();
    expect(opened).toEqual(['dialog', '/d/a.db']);
    expect(cleared).toBe(1);
    expect(OPEN_DIALOG.filters?.[0].extensions).toEqual(['db', 'sqlite', 'sqlite3']);
  });
});

describe('window security', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('trusts only the app page in a top-level frame', () => {
    expect(isTrustedSender({ senderFrame: { url: 'app://inspector/index.html?db=db1', parent: null } })).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'app://inspector/index.html', parent: {} } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'http://127.0.0.1:7420/', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'app://inspector.evil/index.html', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'not a url', parent: null } })).toBe(false);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    expect(isAppUrl('APP://INSPECTOR/x')).toBe(true);
  });

  it('answers 503 with a sentence when the renderer is not built', async () => {
    const res = await appProtocolHandler(join(tempDir(), 'nothing-here'))(new Request('app://inspector/index.html'));
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
    expect(existsSync(join(tempDir(), 'nothing-here'))).toBe(false);
  });
});
