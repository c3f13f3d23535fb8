// The network map's glue between the Leptos page (app/src/cmdb/pages/map.rs) and Leaflet.
// The page owns the data, filters and texts (already translated); this file only draws
// what it is given and reports two things back: a marker dropped somewhere (onMove) and,
// when the page asks for it, the box in view (onView). Leaflet and the PMTiles readers are
// vendored under /vendor and loaded on first use, so other pages never pay for them and
// nothing is fetched from outside Simpul.
"use strict";
(function () {
  var LEAFLET = "/vendor/leaflet-1.9.4/";
  var PMTILES = "/vendor/pmtiles-4.5.0/pmtiles.js";
  var PROTOMAPS = "/vendor/protomaps-leaflet-5.1.0/protomaps-leaflet.js";
  // Where an empty map opens: central Jakarta.
  var HOME = [-6.2, 106.85];
  var loading = {};

  function load(url, isCss) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var el = document.createElement(isCss ? "link" : "script");
        if (isCss) {
          el.rel = "stylesheet";
          el.href = url;
        } else {
          el.src = url;
        }
        el.onload = function () { resolve(); };
        el.onerror = function () {
          delete loading[url];
          reject(new Error("cannot load " + url));
        };
        document.head.appendChild(el);
      });
    }
    return loading[url];
  }

  function leaflet() {
    return Promise.all([load(LEAFLET + "leaflet.css", true), load(LEAFLET + "leaflet.js")]);
  }

  // The operator's background: none, a PMTiles file (vector or raster), or XYZ tiles.
  function addBasemap(map, basemap) {
    if (basemap.kind === "xyz") {
      L.tileLayer(basemap.url, { attribution: basemap.attribution, maxZoom: 19 }).addTo(map);
      return Promise.resolve();
    }
    if (basemap.kind !== "pmtiles") {
      return Promise.resolve();
    }
    return load(PMTILES).then(function () {
      var archive = new pmtiles.PMTiles(basemap.url);
      return archive.getHeader().then(function (header) {
        if (header.tileType === pmtiles.TileType.Mvt) {
          return load(PROTOMAPS).then(function () {
            protomapsL.leafletLayer({ url: basemap.url, flavor: "light", lang: "id" }).addTo(map);
          });
        }
        pmtiles.leafletRasterLayer(archive, { maxNativeZoom: header.maxZoom }).addTo(map);
      });
    });
  }

  function popup(point) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("strong");
    title.textContent = point.title;
    box.appendChild(title);
    point.lines.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    var link = document.createElement("a");
    link.href = point.href;
    link.textContent = point.link;
    link.setAttribute("data-testid", "map-popup-link");
    box.appendChild(link);
    return box;
  }

  function Handle(el, options) {
    var self = this;
    this.el = el;
    this.options = options;
    this.layers = null;
    this.map = null;
    this.ready = leaflet().then(function () {
      self.map = L.map(el, { zoomControl: true, preferCanvas: false }).setView(HOME, 12);
      L.control.scale({ imperial: false }).addTo(self.map);
      self.layers = L.layerGroup().addTo(self.map);
      self.map.on("moveend", function () {
        if (self.wantsView) {
          var b = self.map.getBounds();
          options.onView(b.getSouth(), b.getWest(), b.getNorth(), b.getEast());
        }
      });
      el.setAttribute("data-ready", "true");
      return addBasemap(self.map, options.basemap).catch(function (e) {
        el.setAttribute("data-basemap-error", String(e));
      });
    });
  }

  Handle.prototype.show = function (json) {
    var self = this;
    var data = JSON.parse(json);
    this.ready = this.ready.then(function () { self.draw(data); });
  };

  // Upstream plant sits on top: an OLT and the ODP beside it are often a few metres apart,
  // and a click must reach the OLT (Leaflet otherwise stacks markers by latitude only).
  var LAYER_Z = { routers: 40000, olts: 30000, odcs: 20000, odps: 10000 };

  Handle.prototype.draw = function (data) {
    var self = this;
    var byId = {};
    this.layers.clearLayers();
    data.cables.forEach(function (c) {
      L.polyline([[c[0], c[1]], [c[2], c[3]]], {
        className: "map-cable", interactive: false, weight: 2,
      }).addTo(self.layers);
    });
    data.points.forEach(function (p) {
      var icon = L.divIcon({
        className: "map-pin map-pin-" + p.layer + " state-" + p.state,
        iconSize: [p.size, p.size],
      });
      var marker = L.marker([p.lat, p.lng], {
        icon: icon, title: p.title, draggable: p.draggable, keyboard: true, autoPan: true,
        zIndexOffset: LAYER_Z[p.layer] || 0,
      });
      marker.bindPopup(popup(p));
      marker.on("add", function () {
        var pin = marker.getElement();
        pin.setAttribute("data-ci", String(p.id));
        pin.setAttribute("data-layer", p.layer);
        pin.setAttribute("data-state", p.state);
      });
      marker.on("dragend", function () {
        var at = marker.getLatLng();
        self.options.onMove(p.id, at.lat, at.lng);
      });
      marker.addTo(self.layers);
      byId[p.id] = marker;
    });
    this.wantsView = data.followView;
    if (data.fit && data.points.length > 0) {
      var bounds = L.latLngBounds(data.points.map(function (p) { return [p.lat, p.lng]; }));
      this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    }
    this.el.setAttribute("data-points", String(data.points.length));
  };

  Handle.prototype.destroy = function () {
    var self = this;
    this.ready.then(function () {
      if (self.map) {
        self.map.remove();
        self.map = null;
      }
    });
  };

  window.SimpulMap = {
    mount: function (el, optionsJson, onMove, onView) {
      var options = JSON.parse(optionsJson);
      options.onMove = onMove;
      options.onView = onView;
      return new Handle(el, options);
    },
  };
})();
