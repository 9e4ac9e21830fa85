import { measureValidationFloor } from './bench/measure-validation-floor';
console.log(JSON.stringify(await measureValidationFloor(1500)));
