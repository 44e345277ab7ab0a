// Check-in page: search as you type, the list refreshes itself (other organisers' check-ins appear),
// and the camera scans QR codes where the browser has BarcodeDetector. Without JavaScript, the forms work.
const box = document.getElementById("checkin");
const rows = document.getElementById("rows");
const search = document.getElementById("q");

async function refresh() {
  const url = new URL(box.dataset.refresh, location.href);
  url.searchParams.set("q", search.value);
  const response = await fetch(url, { headers: { Accept: "text/html" } });
  if (response.ok) rows.innerHTML = await response.text();
}

let timer = null;
search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 200); });
setInterval(() => { if (document.visibilityState === "visible") refresh(); }, 4000);

const scan = document.getElementById("scan");
if ("BarcodeDetector" in window && navigator.mediaDevices) {
  scan.hidden = false;
  scan.addEventListener("click", async () => {
    const video = document.getElementById("camera");
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    const look = async () => {
      const codes = await detector.detect(video);
      if (codes.length) {
        stream.getTracks().forEach((t) => t.stop());
        document.getElementById("code-code").value = codes[0].rawValue;
        document.getElementById("code-form").submit();
        return;
      }
      requestAnimationFrame(look);
    };
    look();
  });
}
