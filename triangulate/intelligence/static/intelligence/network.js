// Draws the network from the data the page already holds; the table below has the same
// links for anyone without JavaScript or who prefers a table.
(function () {
  "use strict";
  var holder = document.getElementById("network-picture");
  var data = document.getElementById("network-data");
  if (!holder || !data || typeof window.cytoscape !== "function") {
    return;
  }
  var elements = JSON.parse(data.textContent);
  if (!elements.length) {
    return;
  }
  holder.hidden = false;
  var colours = {
    person: "#1d70b8",
    concern: "#d4351c",
    place: "#00703c",
    vehicle: "#4c2c92",
    phone: "#f47738",
    item: "#505a5f",
    shared: "#28a197",
    group: "#912b88"
  };
  var cy = window.cytoscape({
    container: holder,
    elements: elements,
    wheelSensitivity: 0.2,
    style: [
      {
        selector: "node",
        style: {
          "background-color": function (node) { return colours[node.data("kind")] || "#0b0c0c"; },
          label: "data(label)",
          "font-size": 10,
          "text-wrap": "ellipsis",
          "text-max-width": 120,
          color: "#0b0c0c"
        }
      },
      { selector: "node[?focus]", style: { "border-width": 4, "border-color": "#ffdd00" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#b1b4b6" } }
    ],
    layout: { name: "cose", animate: false }
  });
  var focus = holder.getAttribute("data-focus");
  if (focus) {
    cy.$id(focus).data("focus", true);
  }
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) {
      window.location.href = href;
    }
  });
})();
