// Reads a check-in QR code with the camera, offline too: the browser's BarcodeDetector where it has one,
// the vendored jsQR decoder otherwise (loaded on first use, cached by the service worker).
let decoderLoading = null;

function loadJsQR(url) {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  decoderLoading ||= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve(window.jsQR);
    script.onerror = reject;
    document.head.append(script);
  });
  return decoderLoading;
}

async function detector(jsqrUrl) {
  if ("BarcodeDetector" in window) {
    const native = new BarcodeDetector({ formats: ["qr_code"] });
    return async (video) => (await native.detect(video))[0]?.rawValue;
  }
  const jsQR = await loadJsQR(jsqrUrl);
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!video.videoWidth) return undefined;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data;
  };
}

/** Open the camera in ``video`` until a QR code is read; resolves to its text (the camera is then closed). */
export async function scanOnce(video, jsqrUrl) {
  const read = await detector(jsqrUrl);
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  try {
    for (;;) {
      const text = await read(video);
      if (text) return text;
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    video.hidden = true;
  }
}
