print("geotrack")
