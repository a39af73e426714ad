print("cerniq")
