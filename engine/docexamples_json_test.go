package engine

import "testing"

// JSON functions, Search Reference 10.0:
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/json-functions
// Expected values written from the page before running. The page writes
// JSON with spaces in its prose ({ "name": "maria" }) and without them in
// its result tables; spelunk prints JSON compact, so the wants are compact.
// The page's `eval object = {...}` literals are written as strings here.
func TestDocJSONFunctions(t *testing.T) {
	const cities = `cities="[{\"name\":\"London\",\"Bridges\":[{\"name\":\"Tower Bridge\",\"length\":801},{\"name\":\"Millennium Bridge\",\"length\":1066}]},` +
		`{\"name\":\"Venice\",\"Bridges\":[{\"name\":\"Rialto Bridge\",\"length\":157},{\"name\":\"Bridge of Sighs\",\"length\":36},{\"name\":\"Ponte della Paglia\"}]},` +
		`{\"name\":\"San Francisco\",\"Bridges\":[{\"name\":\"Golden Gate Bridge\",\"length\":8981},{\"name\":\"Bay Bridge\",\"length\":23556}]}]"`
	const games = `games="{\"category\":{\"boardgames\":{\"cooperative\":[{\"name\":\"Pandemic\"},{\"name\":\"Forbidden Island\"},{\"name\":\"Castle Panic\"}]}}}"`
	const games2 = `games="{\"category\":{\"boardgames\":{\"cooperative\":[{\"name\":\"Pandemic\"}],\"competitive\":[{\"name\":\"Settlers of Catan\"},{\"name\":\"Terraforming Mars\"}]}}}"`
	const employee = `employee="{\"name\":\"Celestino Paulo\", \"company\":\"Isthmus Pastimes\", \"addresses\": {\"email\":\"celestino@sample.com\", \"office\":\"edificio 890 Avenida Demetrio Panama City Panama\"}}"`
	runDocCases(t, []docCase{
		{expr: `json_object("name", "maria")`, want: `{"name":"maria"}`},
		{expr: `json_object("name", json_array("maria", "arun"))`, want: `{"name":["maria","arun"]}`},
		{expr: `json_object("cities", json_array("London", "Sydney", "Berlin", "Santiago"))`, want: `{"cities":["London","Sydney","Berlin","Santiago"]}`},
		{expr: `json_object("category", json_object("boardgames", json_object("cooperative", gamelist)))`,
			setup: `gamelist = json_array("Pandemic", "Forbidden Island", "Castle Panic")`,
			want:  `{"category":{"boardgames":{"cooperative":["Pandemic","Forbidden Island","Castle Panic"]}}}`},
		{expr: `json(animals)`, setup: `animals = json_object("animal", "pony")`, want: `{"animal":"pony"}`},
		{expr: `json(bridges)`, setup: `bridges="Golden Gate Bridge"`, want: "(null)"},
		{expr: `json_append(ponies, "ponylist", "Fluttershy")`, setup: `ponies = json_object("ponylist", json_array("Minty", "Rarity", "Buttercup"))`,
			want: `{"ponylist":["Minty","Rarity","Buttercup","Fluttershy"]}`},
		{expr: `json_append(ponyDetails, "Fluttershy.ponySkills", "codebreaking")`,
			setup: `ponyDetails = json_object("Fluttershy", json_object("ponySkills", json_array("running", "jumping")))`,
			want:  `{"Fluttershy":{"ponySkills":["running","jumping","codebreaking"]}}`},
		{expr: `json_append(j, "l", json_array("d", "e", "f"))`, setup: `j = json_object("l", json_array("a", "b", "c"))`, want: `{"l":["a","b","c",["d","e","f"]]}`},
		{expr: `json_extend(j, "l", json_array("d", "e", "f"))`, setup: `j = json_object("l", json_array("a", "b", "c"))`, want: `{"l":["a","b","c","d","e","f"]}`},
		{expr: `json_array("buttercup", "fluttershy", "rarity")`, want: `["buttercup","fluttershy","rarity"]`},
		{expr: `json_array("dubois", json_object("name", "patel"))`, want: `["dubois",{"name":"patel"}]`},
		{expr: `json_array_to_mv(ponies)`, setup: `ponies = json_array("Buttercup", "Fluttershy", "Rarity")`, want: "Buttercup|Fluttershy|Rarity"},
		{expr: `json_array_to_mv(ponies, true())`, setup: `ponies = json_array("Buttercup", "Fluttershy", "Rarity")`, want: `"Buttercup"|"Fluttershy"|"Rarity"`},
		{expr: `json_delete(object, "SSN", "accounts")`,
			setup: `object = "{\"name\":\"Wei Zhang\", \"SSN\":\"123-45-6789\", \"city\":\"Seattle\", \"accounts\":[\"Hagal Quartz\", \"Caladan Water\", \"Arrakis Spices\"]}"`,
			want:  `{"name":"Wei Zhang","city":"Seattle"}`},
		{expr: `json_delete(employee, "addresses.email")`, setup: employee,
			want: `{"name":"Celestino Paulo","company":"Isthmus Pastimes","addresses":{"office":"edificio 890 Avenida Demetrio Panama City Panama"}}`},
		{expr: `json_entries("{\"a\": 1, \"b\": 2}")`, want: `[{"key":"a","value":1},{"key":"b","value":2}]`},
		{expr: `json_entries(employee_record)`, setup: `employee_record="{\"name\":\"maria\",\"age\":25,\"status\":\"full-time\"}"`,
			want: `[{"key":"name","value":"maria"},{"key":"age","value":25},{"key":"status","value":"full-time"}]`},
		{expr: `json_extend(fakeBandsInMovies, "fakeMovieBandList", json_array("The Soggy Bottom Boys", "The Weird Sisters", "The Barden Bellas"))`,
			setup: `fakeBandsInMovies = json_object("fakeMovieBandList", json_array("The Blues Brothers", "Spinal Tap", "Wyld Stallyns"))`,
			want:  `{"fakeMovieBandList":["The Blues Brothers","Spinal Tap","Wyld Stallyns","The Soggy Bottom Boys","The Weird Sisters","The Barden Bellas"]}`},
		{expr: `json_extend(dndChars, "characterClasses", array2)`,
			setup: `dndChars = json_object("characterClasses", json_array("wizard", "rogue", "barbarian")), array2 = json_array(json_object("artifact", "deck of many things"))`,
			want:  `{"characterClasses":["wizard","rogue","barbarian",{"artifact":"deck of many things"}]}`},
		{expr: `json_extract(cities,"{0}")`, setup: cities,
			want: `{"name":"London","Bridges":[{"name":"Tower Bridge","length":801},{"name":"Millennium Bridge","length":1066}]}`},
		{expr: `json_extract(cities,"{2}")`, setup: cities,
			want: `{"name":"San Francisco","Bridges":[{"name":"Golden Gate Bridge","length":8981},{"name":"Bay Bridge","length":23556}]}`},
		{expr: `json_extract(cities,"{}.name")`, setup: cities, want: `["London","Venice","San Francisco"]`},
		{expr: `json_extract(cities,"{}.Bridges{}")`, setup: cities,
			want: `[{"name":"Tower Bridge","length":801},{"name":"Millennium Bridge","length":1066},{"name":"Rialto Bridge","length":157},{"name":"Bridge of Sighs","length":36},{"name":"Ponte della Paglia"},{"name":"Golden Gate Bridge","length":8981},{"name":"Bay Bridge","length":23556}]`},
		{expr: `json_extract(cities,"{}.Bridges{}.name")`, setup: cities,
			want: `["Tower Bridge","Millennium Bridge","Rialto Bridge","Bridge of Sighs","Ponte della Paglia","Golden Gate Bridge","Bay Bridge"]`},
		{expr: `json_extract(cities,"{2}.Bridges{0}")`, setup: cities, want: `{"name":"Golden Gate Bridge","length":8981}`},
		{expr: `json_extract(cities,"{2}.Bridges{0}.length")`, setup: cities, want: "8981"},
		{expr: `json_extract_exact(splunk_path, "system.splunk.path")`, setup: `splunk_path="{\"system.splunk.path\":\"/opt/splunk/\"}"`, want: "/opt/splunk/"},
		{expr: `if(json_has_key_exact(json_object("name", "charlie"), "name"), "has key", "doesn't have key")`, want: "has key"},
		{expr: `if(json_has_key_exact("{\"charlie.garcia\":10}", "charlie.garcia"), "has key", "doesn't have key")`, want: "has key"},
		{expr: `if(json_has_key_exact(employee_record, "status"), "has key", "doesn't have key")`,
			setup: `employee_record="{\"name\":\"maria\",\"age\":25,\"status\":\"full-time\"}"`, want: "has key"},
		{expr: `if(json_has_key_exact(employee_record, "status"), "has key", "doesn't have key")`,
			setup: `employee_record="{\"name\":\"charlie\",\"age\":21,\"region\":\"US\"}"`, want: "doesn't have key"},
		{expr: `json_keys(bridges)`, setup: `bridges="{\"name\": \"Clifton Suspension Bridge\", \"length\": 1352, \"city\": \"Bristol\", \"country\": \"England\"}"`,
			want: `["name","length","city","country"]`},
		{expr: `json_keys(bridges)`, setup: `bridges="{\"name\":\"Rialto Bridge\",\"length\":157, \"city\": \"Venice\", \"region\": \"Veneto\", \"country\": \"Italy\"}"`,
			want: `["name","length","city","region","country"]`},
		{expr: `json_set(games,"category.boardgames.cooperative{2}", json_object("name", "Sherlock Holmes: Consulting Detective"))`, setup: games,
			want: `{"category":{"boardgames":{"cooperative":[{"name":"Pandemic"},{"name":"Forbidden Island"},{"name":"Sherlock Holmes: Consulting Detective"}]}}}`},
		{expr: `json_set(games,"category.boardgames.competitive", json_array(json_object("name", "Settlers of Catan"), json_object("name", "Terraforming Mars")))`, setup: games,
			want: `{"category":{"boardgames":{"cooperative":[{"name":"Pandemic"},{"name":"Forbidden Island"},{"name":"Castle Panic"}],"competitive":[{"name":"Settlers of Catan"},{"name":"Terraforming Mars"}]}}}`},
		{expr: `json_set(games,"category.boardgames.competitive{}.available", true())`, setup: games2,
			want: `{"category":{"boardgames":{"cooperative":[{"name":"Pandemic"}],"competitive":[{"name":"Settlers of Catan","available":true},{"name":"Terraforming Mars","available":true}]}}}`},
		{expr: `json_set(json_set(games,"category.boardgames.competitive{}.available", true()),"category.boardgames.competitive{0}.available", false())`, setup: games2,
			want: `{"category":{"boardgames":{"cooperative":[{"name":"Pandemic"}],"competitive":[{"name":"Settlers of Catan","available":false},{"name":"Terraforming Mars","available":true}]}}}`},
		{expr: `json_set_exact(my_object, "system.splunk.path", "/opt/splunk")`, setup: `my_object=json_object()`, want: `{"system.splunk.path":"/opt/splunk"}`},
		{expr: `json_set(my_object, "system.splunk.path", "/opt/splunk")`, setup: `my_object=json_object()`, want: `{"system":{"splunk":{"path":"/opt/splunk"}}}`},
		{expr: `if(json_valid(firstnames), "true", "false")`, setup: `firstnames = json_object("names", json_array("maria", "arun"))`, want: "true"},
	})
}
