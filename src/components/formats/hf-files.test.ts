import { describe, expect, it } from 'vitest';
import { writeTar } from '../../core/hf/tar';
import { collectHfFiles, hfArchive, suggestCheckpointName } from './hf-files';

const b = (s: string) => new TextEncoder().encode(s);

describe('Hugging Face files in the UI', () => {
  it('collects a folder’s files by name and ignores the rest', () => {
    const got = collectHfFiles([
      { path: 'tiny-gpt2/config.json', bytes: b('{}') },
      { path: 'tiny-gpt2/model.safetensors', bytes: b('x') },
      { path: 'tiny-gpt2/README.md', bytes: b('#') },
    ]);
    expect(Object.keys(got.files)).toEqual(['config.json', 'model.safetensors']);
    expect(got.ignored).toEqual(['tiny-gpt2/README.md']);
    expect(got.folder).toBe('tiny-gpt2');
  });

  it('unpacks an archive, and the export archive round-trips', () => {
    const files = { 'config.json': b('{"a":1}'), 'tokenizer.json': b('{}') };
    const { fileName, bytes } = hfArchive('run-1', files);
    expect(fileName).toBe('run-1-hf.tar');
    const got = collectHfFiles([{ path: fileName, bytes }]);
    expect(got.files).toEqual(files);
    expect(got.folder).toBe('run-1-hf');
    const loose = collectHfFiles([{ path: 'm.tar', bytes: writeTar([['config.json', b('{}')]]) }]);
    expect(loose.folder).toBe('m');
  });

  it('suggests valid checkpoint names', () => {
    expect(suggestCheckpointName('tiny gpt2 (v2)')).toBe('tiny-gpt2-v2-');
    expect(suggestCheckpointName('.hidden')).toBe('hidden');
    expect(suggestCheckpointName(null)).toBe('imported-gpt2');
    expect(suggestCheckpointName('中文')).toBe('imported-gpt2');
  });
});
