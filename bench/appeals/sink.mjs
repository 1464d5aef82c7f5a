// The baseline: the least an HTTP server must do with an appeal, with no checks at all. It reads each
// request's body to a file on disk, answers 201 with a tracking code and deletes the file.
//
//   node sink.mjs PORT DIR
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [port, dir] = process.argv.slice(2);
fs.mkdirSync(dir, { recursive: true });
let n = 0;
http
  .createServer((req, res) => {
    const code = `SINK-${++n}`;
    const file = path.join(dir, `${code}.part`);
    const out = fs.createWriteStream(file);
    req.pipe(out);
    out.on("finish", () => {
      res.writeHead(201, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ tracking_code: code }));
      fs.unlink(file, () => {});
    });
  })
  .listen(Number(port), "127.0.0.1");
