// Photos shrink before they travel: scaled upright on the phone to about 2000 px (a 4 MB camera file then costs
// a few hundred KB), with the capture time and place read from the original's EXIF, because the re-encoded JPEG
// carries no metadata. The server still validates and re-encodes whatever arrives.
(function () {
  "use strict";
  var HEAD_BYTES = 256 * 1024; // EXIF sits in APP1, which is at most 64 KB, near the start of the file

  function ascii(view, at, length) {
    var text = "";
    for (var i = 0; i < length; i++) {
      var code = view.getUint8(at + i);
      if (code === 0) { break; }
      text += String.fromCharCode(code);
    }
    return text;
  }

  // A TIFF structure as found in a JPEG's APP1 segment: offsets count from its first byte.
  function tiffReader(view, start) {
    var little = view.getUint16(start) === 0x4949;
    var sizes = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };
    var reader = {
      u16: function (at) { return view.getUint16(start + at, little); },
      u32: function (at) { return view.getUint32(start + at, little); },
      i32: function (at) { return view.getInt32(start + at, little); },
      ifd: function (at) {
        var tags = {};
        var count = reader.u16(at);
        for (var i = 0; i < count; i++) {
          var entry = at + 2 + i * 12;
          var type = reader.u16(entry + 2), n = reader.u32(entry + 4);
          var inline = (sizes[type] || 1) * n <= 4;
          tags[reader.u16(entry)] = { type: type, count: n, at: inline ? entry + 8 : reader.u32(entry + 8) };
        }
        return tags;
      },
      text: function (tag) { return tag && tag.type === 2 ? ascii(view, start + tag.at, tag.count) : ""; },
      rationals: function (tag) { // RATIONAL, or SRATIONAL as some phones write GPS
        if (!tag || (tag.type !== 5 && tag.type !== 10)) { return []; }
        var read = tag.type === 5 ? reader.u32 : reader.i32;
        var values = [];
        for (var i = 0; i < tag.count; i++) {
          values.push(read(tag.at + 8 * i) / read(tag.at + 8 * i + 4));
        }
        return values;
      }
    };
    return reader;
  }

  // "2022:08:14 14:12:31" (local time, no zone) → "2022-08-14T14:12:31", as the server reads EXIF.
  function exifTime(text) {
    var m = /^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)/.exec(text || "");
    if (!m || m[1] === "0000" || m[2] === "00") { return null; }
    return m[1] + "-" + m[2] + "-" + m[3] + "T" + m[4] + ":" + m[5] + ":" + m[6];
  }

  function coordinate(tiff, valueTag, refTag, negativeRef, limit) {
    var dms = tiff.rationals(valueTag);
    if (dms.length !== 3) { return null; }
    var value = dms[0] + dms[1] / 60 + dms[2] / 3600;
    if (!isFinite(value) || Math.min(dms[0], dms[1], dms[2]) < 0 || value > limit) { return null; }
    return tiff.text(refTag).trim().toUpperCase() === negativeRef ? -value : value;
  }

  function readTiff(view, start) {
    var tiff = tiffReader(view, start);
    var ifd0 = tiff.ifd(tiff.u32(4));
    var found = { takenAt: null, lat: null, lng: null };
    if (ifd0[0x8769]) {
      found.takenAt = exifTime(tiff.text(tiff.ifd(tiff.u32(ifd0[0x8769].at))[0x9003]));
    }
    if (ifd0[0x8825]) {
      var gps = tiff.ifd(tiff.u32(ifd0[0x8825].at));
      var lat = coordinate(tiff, gps[2], gps[1], "S", 90), lng = coordinate(tiff, gps[4], gps[3], "W", 180);
      if (lat !== null && lng !== null && (lat !== 0 || lng !== 0)) { found.lat = lat; found.lng = lng; }
    }
    return found;
  }

  // Walk the JPEG markers to the Exif APP1 segment; anything malformed reads as "no metadata".
  function readExif(buffer) {
    var view = new DataView(buffer);
    try {
      if (view.getUint16(0) !== 0xFFD8) { return {}; }
      for (var at = 2; at + 4 <= view.byteLength; at += 2 + view.getUint16(at + 2)) {
        var marker = view.getUint16(at);
        if (marker === 0xFFDA || (marker & 0xFF00) !== 0xFF00) { return {}; }
        if (marker === 0xFFE1 && ascii(view, at + 4, 4) === "Exif") { return readTiff(view, at + 10); }
      }
    } catch (e) { /* a RangeError from a lying offset */ }
    return {};
  }

  function readMeta(file) {
    if (!file.slice || !window.DataView) { return Promise.resolve({}); }
    return file.slice(0, HEAD_BYTES).arrayBuffer().then(readExif, function () { return {}; });
  }

  function scaled(file) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, PhotoShrink.maxSide / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var context = canvas.getContext("2d");
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", PhotoShrink.quality);
      });
    });
  }

  function jpegName(name) { return (name || "photo").replace(/\.[^.]*$/, "") + ".jpg"; }

  // → {blob, name, takenAt, lat, lng, shrunk}; never fails: what cannot be shrunk goes as it is.
  function prepare(file) {
    var wanted = PhotoShrink.enabled && file.size > PhotoShrink.minBytes && window.createImageBitmap;
    var shrinking = wanted ? scaled(file).catch(function () { return null; }) : Promise.resolve(null);
    return Promise.all([readMeta(file), shrinking]).then(function (results) {
      var meta = results[0], blob = results[1];
      var smaller = blob && blob.size < file.size;
      return {
        blob: smaller ? blob : file,
        name: smaller ? jpegName(file.name) : file.name,
        takenAt: meta.takenAt || (file.lastModified ? new Date(file.lastModified).toISOString() : ""),
        lat: meta.lat === undefined ? null : meta.lat,
        lng: meta.lng === undefined ? null : meta.lng,
        shrunk: !!smaller
      };
    });
  }

  // minBytes: smaller files are not worth decoding on the phone.
  var PhotoShrink = window.PhotoShrink = { enabled: true, maxSide: 2000, quality: 0.85, minBytes: 500 * 1024,
                                           prepare: prepare, readExif: readExif };
})();
