import { describe, expect, it } from 'vitest';
import { readTar } from '../../core/hf/tar';
import { torchStudyArchive, torchStudyFolder } from './torch-files';

const b = (s: string) => new TextEncoder().encode(s);

describe('PyTorch study archive', () => {
  it('puts every file under one folder named after the recipe, and reads back the same bytes', () => {
    const files = { 'train.py': b('print(1)'), 'data/world/train.bin': b('xyz'), 'study.json': b('{}') };
    const { fileName, bytes } = torchStudyArchive('nano · paper (v2)', files);
    expect(fileName).toBe('nano-paper-v2-torch.tar');
    const back = readTar(bytes);
    expect([...back.keys()]).toEqual([
      'nano-paper-v2-torch/data/world/train.bin',
      'nano-paper-v2-torch/study.json',
      'nano-paper-v2-torch/train.py',
    ]);
    expect(back.get('nano-paper-v2-torch/data/world/train.bin')).toEqual(files['data/world/train.bin']);
  });

  it('keeps folder names short and safe', () => {
    expect(torchStudyFolder('x'.repeat(90))).toBe(`${'x'.repeat(40)}-torch`);
    expect(torchStudyFolder('...')).toBe('study-torch');
    expect(torchStudyFolder('中文')).toBe('study-torch');
  });
});
