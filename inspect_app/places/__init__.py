"""Places and organisations: district, subdistrict, community, neighbourhood, property company."""
