// The counter's checklists: accessories received and the device's visible
// condition at intake. Stored on the device as JSON arrays of these labels.

/** ACCESSORIES are the items a customer may leave with the device. */
export const ACCESSORIES = ['Carregador', 'Cabo USB', 'Capinha', 'Película', 'Chip', 'Cartão de memória', 'Caixa', 'Fone de ouvido', 'Caneta'];

/** CONDITIONS describe the device as it arrived. */
export const CONDITIONS = [
  'Tela trincada', 'Riscos na tela', 'Carcaça arranhada', 'Carcaça amassada ou torta', 'Tampa traseira quebrada',
  'Lente da câmera quebrada', 'Botões com defeito', 'Sinais de umidade ou oxidação', 'Não liga', 'Liga sem imagem',
  'Já foi aberto antes',
];

/** BRANDS are suggestions for the brand field. */
export const BRANDS = ['Apple', 'Samsung', 'Motorola', 'Xiaomi', 'LG', 'Asus', 'Realme', 'Positivo', 'Lenovo', 'Dell', 'Acer', 'HP', 'Sony', 'Microsoft', 'Nintendo'];

/** PROBLEMS are quick picks for the problem: label, service key, text. */
export const PROBLEMS = [
  ['Tela quebrada', 'screen', 'Tela quebrada'],
  ['Bateria', 'battery', 'Bateria não segura carga'],
  ['Não carrega', 'charging', 'Não carrega / conector com mau contato'],
  ['Câmera', 'camera', 'Câmera não funciona'],
  ['Som', 'audio', 'Sem som / microfone não funciona'],
  ['Molhou', 'water', 'Aparelho molhou'],
  ['Sistema', 'software', 'Travando / problema no sistema'],
  ['Não liga', 'board', 'Não liga'],
];

/** PASSCODE_KINDS are the kinds of screen lock (devices.passcode_kind). */
export const PASSCODE_KINDS = [
  ['', 'Sem senha / cliente não informou'],
  ['pin', 'PIN (números)'],
  ['password', 'Senha (letras e números)'],
  ['pattern', 'Padrão (desenho)'],
];

/**
 * shrinkPhoto downsizes a camera photo to at most maxSide pixels as JPEG so
 * intake uploads stay fast on a shop's connection; other files pass through.
 */
export async function shrinkPhoto(file, maxSide = 1600) {
  if (!file.type.startsWith('image/') || file.type === 'image/heic' || typeof createImageBitmap !== 'function') return file;
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, maxSide / Math.max(bmp.width, bmp.height));
    if (scale === 1 && file.size < 1.5e6) return file;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d').drawImage(bmp, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', 0.82));
    if (!blob) return file;
    return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
  } catch {
    return file;
  }
}
