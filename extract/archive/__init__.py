"""ZIP containers: the limits every ZIP is read under (DOCX packages, archives of reports), member names, archives read as folders."""
